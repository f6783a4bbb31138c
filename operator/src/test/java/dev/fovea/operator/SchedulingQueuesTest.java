package dev.fovea.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.JobPhase;
import dev.fovea.operator.dependent.TrainerJobDependent;
import dev.fovea.operator.dependent.VolcanoPodGroup;
import io.fabric8.kubernetes.api.model.Event;
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
        setBatchJobSuspended("queued", false);
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
    void kueuePreemptionSuspendsTheGangWithoutARestartAndReadmissionResumesIt() {
        ImageClassificationJob job = Jobs.valid("preempted", 2); // backoffLimit 1: a preemption counted as a failure
        job.getMetadata()
                .setLabels(Map.of(
                        TrainerJobDependent.KUEUE_QUEUE_LABEL,
                        "team-a",
                        TrainerJobDependent.KUEUE_PRIORITY_CLASS_LABEL,
                        "low"));
        client.resource(job).create();
        Job batch = await().atMost(WAIT).until(() -> batchJob("preempted"), j -> j != null);
        assertThat(batch.getMetadata().getLabels())
                .containsEntry(TrainerJobDependent.KUEUE_PRIORITY_CLASS_LABEL, "low");
        assertThat(awaitPhase("preempted", JobPhase.Suspended).getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("WaitingForAdmission"));
        GangSimulator gang = new GangSimulator(client, Jobs.NAMESPACE);

        for (int preemption = 1; preemption <= 3; preemption++) {
            setBatchJobSuspended("preempted", false); // Kueue admits the workload
            gang.startTrackedPods("preempted", 2, 0);
            awaitPhase("preempted", JobPhase.Running);
            setBatchJobSuspended("preempted", true); // a higher-priority workload preempts it
            gang.stopForSuspension("preempted", 2, 0);

            ImageClassificationJob suspended = awaitPhase("preempted", JobPhase.Suspended);
            assertThat(Conditions.of(suspended, "Suspended").getReason()).isEqualTo("SuspendedByKueue");
            assertThat(Conditions.of(suspended, "Suspended").getMessage())
                    .contains("LocalQueue team-a")
                    .contains("no restart is counted");
            assertThat(suspended.getStatus().getRestarts()).isZero();
            assertThat(batchJob("preempted").getMetadata().getUid())
                    .as("the batch Job, and with it Kueue's Workload, survives preemption %d", preemption)
                    .isEqualTo(batch.getMetadata().getUid());
        }
        setBatchJobSuspended("preempted", false);
        ImageClassificationJob readmitted = awaitPhase("preempted", JobPhase.Created);
        assertThat(Conditions.of(readmitted, "Created").getReason()).isEqualTo("Admitted");
        gang.startTrackedPods("preempted", 2, 0);
        gang.terminate("preempted", 0, 0, 0, "");
        gang.terminate("preempted", 1, 0, 0, "");

        ImageClassificationJob succeeded = awaitPhase("preempted", JobPhase.Succeeded);
        assertThat(succeeded.getStatus().getRestarts()).isZero();
        assertThat(client.v1().events().inNamespace(Jobs.NAMESPACE).list().getItems())
                .filteredOn(
                        event -> "preempted".equals(event.getInvolvedObject().getName()))
                .extracting(Event::getReason)
                .contains("SuspendedByKueue", "Admitted")
                .doesNotContain("HostFailed", "PeerLost", "BackoffLimitExceeded");
    }

    @Test
    void volcanoJobGetsAPodGroupForTheWholeGangInItsQueue() {
        ImageClassificationJob job = Jobs.valid("gang", 3);
        job.getSpec().getResourceConfig().setSchedulerName(VolcanoPodGroup.VOLCANO);
        job.getMetadata().setAnnotations(Map.of(VolcanoPodGroup.QUEUE_ANNOTATION, "research"));
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
        Map<?, ?> spec = (Map<?, ?>) group.getAdditionalProperties().get("spec");
        assertThat(spec.get("minMember")).isEqualTo(3);
        assertThat(spec.get("queue")).isEqualTo("research");
        assertThat(group.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("gang"));
    }

    /** What Kueue does to admit (false) or preempt (true) a workload. */
    private void setBatchJobSuspended(String name, boolean suspend) {
        client.batch().v1().jobs().inNamespace(Jobs.NAMESPACE).withName(name).edit(j -> {
            j.getSpec().setSuspend(suspend);
            return j;
        });
    }

    private Job batchJob(String name) {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(Jobs.NAMESPACE)
                .withName(name)
                .get();
    }

    private ImageClassificationJob awaitPhase(String name, JobPhase phase) {
        return await().atMost(WAIT)
                .until(
                        () -> client.resources(ImageClassificationJob.class)
                                .inNamespace(Jobs.NAMESPACE)
                                .withName(name)
                                .get(),
                        j -> j.getStatus() != null && j.getStatus().getPhase() == phase);
    }
}
