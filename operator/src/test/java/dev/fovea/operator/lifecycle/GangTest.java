package dev.fovea.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GangTest {

    @Test
    void aSuspendedJobHoldsTheGangUntilAPodOfItRunsAgain() {
        Job suspended =
                new JobBuilder().withNewSpec().withSuspend(true).endSpec().build();

        assertThat(new Gang(Optional.of(suspended), List.of(), 0).isHeldSuspended())
                .isTrue();
        assertThat(new Gang(Optional.of(suspended), List.of(pod("Running", true)), 0).isHeldSuspended())
                .as("its pods are being stopped")
                .isTrue();
        assertThat(new Gang(Optional.of(suspended), List.of(pod("Running", false)), 0).isHeldSuspended())
                .as("a running pod that nobody deletes: the Job was admitted again, the cached copy is behind")
                .isFalse();
    }

    @Test
    void aJobThatIsGoneCanBeDroppedFromTheGang() {
        Gang gang = new Gang(Optional.of(new Job()), List.of(), 1);

        assertThat(gang.withoutBatchJob().exists()).isFalse();
        assertThat(gang.withoutBatchJob().attempt()).isEqualTo(1);
    }

    private static Pod pod(String phase, boolean beingDeleted) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withDeletionTimestamp(beingDeleted ? "2026-01-01T00:00:00Z" : null)
                .endMetadata()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }
}
