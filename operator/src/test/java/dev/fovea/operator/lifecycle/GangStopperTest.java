package dev.fovea.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.operator.dependent.TrainerPods;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a gang restart deletes, judged on the API server's objects whatever a cache still shows. */
@EnableKubernetesMockClient(crud = true)
class GangStopperTest {

    private static final String NAMESPACE = "team";

    KubernetesClient client;

    @Test
    void anEarlierAttemptsJobAndPodsAreDeleted() {
        ImageClassificationJob job = job("mnist");
        create(batchJob("mnist", 0));
        create(pod("mnist-0", "mnist", 0));

        assertThat(GangStopper.stopAttemptsBefore(client, job, 1))
                .as("the earlier attempt's Job was still there")
                .isTrue();

        assertThat(batchJobs()).isEmpty();
        assertThat(podNames()).isEmpty();
    }

    @Test
    void theSuccessorACacheDoesNotShowYetSurvives() {
        ImageClassificationJob job = job("mnist");
        create(batchJob("mnist", 1));
        create(pod("mnist-0-old", "mnist", 0));
        create(pod("mnist-0", "mnist", 1));

        assertThat(GangStopper.stopAttemptsBefore(client, job, 1))
                .as("nothing of an earlier attempt left on the server: the cache that showed one is behind")
                .isFalse();

        assertThat(batchJobs().stream().map(TrainerPods::attemptOf)).containsExactly(1);
        assertThat(podNames()).containsExactly("mnist-0");
    }

    @Test
    void aJobAlreadyGoneIsReportedGone() {
        assertThat(GangStopper.stopAttemptsBefore(client, job("mnist"), 2)).isFalse();
    }

    @Test
    void anotherJobsGangIsLeftAlone() {
        create(batchJob("other", 0));
        create(pod("other-0", "other", 0));

        GangStopper.stopAttemptsBefore(client, job("mnist"), 1);

        assertThat(batchJobs()).hasSize(1);
        assertThat(podNames()).containsExactly("other-0");
    }

    private List<Job> batchJobs() {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
    }

    private List<String> podNames() {
        return client.pods().inNamespace(NAMESPACE).list().getItems().stream()
                .map(pod -> pod.getMetadata().getName())
                .toList();
    }

    private void create(Job batchJob) {
        client.resource(batchJob).create();
    }

    private void create(Pod pod) {
        client.resource(pod).create();
    }

    private static ImageClassificationJob job(String name) {
        ImageClassificationJob job = new ImageClassificationJob();
        job.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        return job;
    }

    private static Job batchJob(String job, int attempt) {
        return new JobBuilder()
                .withNewMetadata()
                .withName(ObjectNames.trainerJob(job))
                .withNamespace(NAMESPACE)
                .withLabels(ObjectNames.selector(job))
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels(job, attempt))
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Pod pod(String name, String job, int attempt) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .withLabels(labels(job, attempt))
                .endMetadata()
                .build();
    }

    private static Map<String, String> labels(String job, int attempt) {
        Map<String, String> labels = new HashMap<>(ObjectNames.selector(job));
        labels.put(TrainerPods.ATTEMPT_LABEL, Integer.toString(attempt));
        return labels;
    }
}
