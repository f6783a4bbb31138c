package dev.fovea.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GangDeciderTest {

    private static final GangOutcome LOST = new GangOutcome.RetryableFailure(1, "host 1 exited with code 3");

    @Test
    void restartsUntilTheBackoffLimitThenFails() {
        assertThat(GangDecider.decide(LOST, 0, 2, null, null))
                .isInstanceOfSatisfying(
                        GangDecision.Restart.class, r -> assertThat(r.message()).contains("restart 1 of 2"));
        assertThat(GangDecider.decide(LOST, 2, 2, null, null))
                .isInstanceOfSatisfying(
                        GangDecision.Fail.class, f -> assertThat(f.reason()).isEqualTo("BackoffLimitExceeded"));
    }

    @Test
    void clientErrorFailsAtOnceWithTheTrainersReason() {
        assertThat(GangDecider.decide(new GangOutcome.ClientError(0, "bad labels"), 0, 3, null, null))
                .isEqualTo(new GangDecision.Fail("ClientError", "ClientError: bad labels"));
    }

    @Test
    void deadlineStopsARunningOrPendingGang() {
        assertThat(GangDecider.decide(new GangOutcome.Running(2), 0, 3, Duration.ofSeconds(61), 60L))
                .isInstanceOfSatisfying(
                        GangDecision.Fail.class, f -> assertThat(f.reason()).isEqualTo("DeadlineExceeded"));
        assertThat(GangDecider.decide(new GangOutcome.Running(2), 0, 3, Duration.ofSeconds(59), 60L))
                .isEqualTo(new GangDecision.Continue(true));
    }
}
