package dev.fovea.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.operator.dependent.TrainerPods;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GangOutcomeClassifierTest {

    @Test
    void clientErrorWinsOverThePeersThatLostIt() {
        GangOutcome outcome = GangOutcomeClassifier.classify(
                Optional.empty(),
                List.of(exited(0, 3, "peer algo-2 lost"), exited(1, 2, "ClientError: num_classes must be 10")),
                2);
        assertThat(outcome).isEqualTo(new GangOutcome.ClientError(1, "num_classes must be 10"));
    }

    @Test
    void killedOrEvictedHostsAreRetryable() {
        assertThat(GangOutcomeClassifier.classify(Optional.empty(), List.of(exited(0, 137, "")), 1))
                .isInstanceOfSatisfying(GangOutcome.RetryableFailure.class, f -> {
                    assertThat(f.reason()).contains("exited with code 137");
                    assertThat(f.exitCode()).hasValue(137);
                });
        Pod evicted = pod(0, "Failed");
        evicted.getStatus().setReason("Evicted");
        assertThat(GangOutcomeClassifier.classify(Optional.empty(), List.of(evicted), 1))
                .isInstanceOfSatisfying(GangOutcome.RetryableFailure.class, f -> {
                    assertThat(f.reason()).contains("evicted");
                    assertThat(f.exitCode()).isEmpty();
                });
    }

    @Test
    void succeedsOnlyWhenEveryHostExitedZero() {
        assertThat(GangOutcomeClassifier.classify(Optional.empty(), List.of(exited(0, 0, "{}"), pod(1, "Running")), 2))
                .isInstanceOf(GangOutcome.Running.class);
        assertThat(GangOutcomeClassifier.classify(
                        Optional.empty(), List.of(exited(0, 0, "{\"epoch\":3}"), exited(1, 0, "")), 2))
                .isEqualTo(new GangOutcome.Succeeded("{\"epoch\":3}"));
    }

    @Test
    void noRunningPodIsPending() {
        assertThat(GangOutcomeClassifier.classify(Optional.empty(), List.of(pod(0, "Pending")), 2))
                .isEqualTo(new GangOutcome.Pending(1));
    }

    @Test
    void podsStoppedByTheirDeletionAreNoVerdictTheBatchJobIs() {
        Pod terminated = deleted(exited(1, 143, ""));
        Pod peerLost = deleted(exited(0, 3, "PeerLost: algo-2 closed the connection"));

        assertThat(GangOutcomeClassifier.classify(Optional.empty(), List.of(peerLost, terminated), 2))
                .isEqualTo(new GangOutcome.Pending(2));
        Job failed = new JobBuilder()
                .withNewStatus()
                .addNewCondition()
                .withType("Failed")
                .withStatus("True")
                .withReason("BackoffLimitExceeded")
                .endCondition()
                .endStatus()
                .build();
        assertThat(GangOutcomeClassifier.classify(Optional.of(failed), List.of(peerLost, terminated), 2))
                .isInstanceOfSatisfying(
                        GangOutcome.RetryableFailure.class,
                        f -> assertThat(f.reason()).contains("BackoffLimitExceeded"));
    }

    private static Pod deleted(Pod pod) {
        pod.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        return pod;
    }

    private static Pod pod(int host, String phase) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p" + host)
                .withLabels(Map.of(TrainerPods.COMPLETION_INDEX, Integer.toString(host)))
                .endMetadata()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    private static Pod exited(int host, int code, String message) {
        Pod pod = pod(host, code == 0 ? "Succeeded" : "Failed");
        pod.getStatus()
                .setContainerStatuses(List.of(new ContainerStatusBuilder()
                        .withName(TrainerPods.TRAINER_CONTAINER)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(code)
                        .withMessage(message)
                        .endTerminated()
                        .endState()
                        .build()));
        return pod;
    }
}
