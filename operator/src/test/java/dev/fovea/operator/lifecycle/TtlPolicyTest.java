package dev.fovea.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TtlPolicyTest {

    private static final Instant FINISHED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void deletesTtlSecondsAfterTheJobFinished() {
        assertThat(TtlPolicy.untilDeletion(Optional.of(FINISHED), 60, FINISHED.plusSeconds(20)))
                .contains(Duration.ofSeconds(40));
        assertThat(TtlPolicy.untilDeletion(Optional.of(FINISHED), 60, FINISHED.plusSeconds(61)))
                .hasValueSatisfying(left -> assertThat(left.isNegative()).isTrue());
    }

    @Test
    void keepsTheJobWithoutTtl() {
        assertThat(TtlPolicy.untilDeletion(Optional.of(FINISHED), null, FINISHED))
                .isEmpty();
    }
}
