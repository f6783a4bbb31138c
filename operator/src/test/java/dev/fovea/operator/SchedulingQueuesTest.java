package dev.fovea.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.JobPhase;
import dev.fovea.operator.dependent.TrainerJobDependent;
import dev.fovea.operator.dependent.VolcanoPodGroup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kueue admits Fovea jobs like batch Jobs; Volcano schedules the gang as one PodGroup. */
@QuarkusTest
class SchedulingQueuesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    KubernetesClient client;

    @Test
    void kueueQueuedJobStartsSuspendedIsAdmittedByKueueAndCanBeSuspendedAgain() {
        ImageClassificationJob job = Jobs.valid("queued", 2);
        job.getMetadata().setLabels(Map.of(TrainerJobDependent.KUEUE_QUEUE_LABEL, "team-a"));
        client.resource(job).create();
        Job batch = await().atMost(WAIT).until(() -> batchJob("queued"), j -> j != null);
        assertThat(batch.getMetadata().getLabels()).containsEntry(TrainerJobDependent.KUEUE_QUEUE_LABEL, "team-a");
        assertThat(batch.getSpec().getSuspend()).isTrue();
        awaitPhase("queued", JobPhase.Suspended);

        // Kueue admits the workload by unsuspending the Job; the operator must not suspend it again.
        client.batch()
                .v1()
                .jobs()
                .inNamespace(Jobs.NAMESPACE)
                .withName("queued")
                .edit(j -> {
                    j.getSpec().setSuspend(false);
                    return j;
                });
        new GangSimulator(client, Jobs.NAMESPACE).startPods("queued", 2, 0);
        awaitPhase("queued", JobPhase.Running);
        assertThat(batchJob("queued").getSpec().getSuspend()).isFalse();

        client.resources(ImageClassificationJob.class)
                .inNamespace(Jobs.NAMESPACE)
                .withName("queued")
                .edit(j -> {
                    j.getSpec().setSuspend(true);
                    return j;
                });
        await().atMost(WAIT)
                .until(() -> Boolean.TRUE.equals(batchJob("queued").getSpec().getSuspend()));
        awaitPhase("queued", JobPhase.Suspended);
    }

    @Test
    void volcanoJobGetsAPodGroupForTheWholeGang() {
        ImageClassificationJob job = Jobs.valid("gang", 3);
        job.getSpec().getResourceConfig().setSchedulerName(VolcanoPodGroup.VOLCANO);
        client.resource(job).create();
        Job batch = await().atMost(WAIT).until(() -> batchJob("gang"), j -> j != null);
        var pod = batch.getSpec().getTemplate();
        assertThat(pod.getSpec().getSchedulerName()).isEqualTo("volcano");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(VolcanoPodGroup.GROUP_ANNOTATION, "gang");
        GenericKubernetesResource group = client.genericKubernetesResources(VolcanoPodGroup.POD_GROUP)
                .inNamespace(Jobs.NAMESPACE)
                .withName("gang")
                .get();
        assertThat(group).isNotNull();
        assertThat(((Map<?, ?>) group.getAdditionalProperties().get("spec")).get("minMember"))
                .isEqualTo(3);
        assertThat(group.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("gang"));
    }

    private Job batchJob(String name) {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(Jobs.NAMESPACE)
                .withName(name)
                .get();
    }

    private void awaitPhase(String name, JobPhase phase) {
        await().atMost(WAIT)
                .until(
                        () -> client.resources(ImageClassificationJob.class)
                                .inNamespace(Jobs.NAMESPACE)
                                .withName(name)
                                .get(),
                        j -> j.getStatus() != null && j.getStatus().getPhase() == phase);
    }
}
