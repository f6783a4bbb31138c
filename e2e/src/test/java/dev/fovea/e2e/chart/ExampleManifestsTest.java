package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.validation.JobValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kueue and Volcano examples carry what those schedulers need and pass the same validation the operator runs.
 * (That the operator turns them into a labelled Indexed Job and a PodGroup is tested in the operator module.)
 */
class ExampleManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {ExampleManifests.KUEUE, ExampleManifests.VOLCANO})
    void everyFieldOfTheExampleIsOneTheApiKnows(String example) {
        ImageClassificationJob job = ExampleManifests.load(example);

        assertThat(ExampleManifests.keptSpec(job)).isEqualTo(ExampleManifests.writtenSpec(example));
    }

    @Test
    void theKueueExampleIsQueuedAndLeavesAdmissionToKueue() {
        ImageClassificationJob job = ExampleManifests.load(ExampleManifests.KUEUE);

        assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team-vision");
        assertThat(job.getSpec().isSuspended())
                .as("spec.suspend: true would hold the job even after Kueue admits it")
                .isFalse();
        assertThat(job.getSpec().getCheckpointConfig())
                .as("a preempted job must be able to resume, so it needs shared checkpoints")
                .isNotNull();
        assertThat(JobValidator.validate(job.getSpec())).isEmpty();
    }

    @Test
    void theVolcanoExampleAsksForTheVolcanoScheduler() {
        ImageClassificationJob job = ExampleManifests.load(ExampleManifests.VOLCANO);

        assertThat(job.getSpec().getResourceConfig().getSchedulerName()).isEqualTo("volcano");
        assertThat(job.getSpec().hostCount()).isGreaterThan(1);
        assertThat(JobValidator.validate(job.getSpec())).isEmpty();
    }
}
