package dev.fovea.e2e.scenario;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;

/**
 * Plays Kueue for a scenario, as its {@code batch/job} integration treats the batch Job a queued job owns: it admits
 * the workload by unsuspending the Job and preempts it by suspending the Job again. What happens to the pods is the
 * Job controller's part (here the local node agent's). On a real cluster it needs one where Kueue itself does not
 * manage batch Jobs, or the two would contend.
 */
final class KueueStandIn {

    static final String LOCAL_QUEUE = "e2e-queue";

    private final KubernetesClient client;
    private final String namespace;

    KueueStandIn(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Labels the job for the stand-in's LocalQueue. */
    static void queue(ImageClassificationJob job) {
        Map<String, String> labels = new HashMap<>(
                job.getMetadata().getLabels() == null
                        ? Map.of()
                        : job.getMetadata().getLabels());
        labels.put(ObjectNames.KUEUE_QUEUE_LABEL, LOCAL_QUEUE);
        job.getMetadata().setLabels(labels);
    }

    /** The job's batch Job, or null before the operator created it. */
    Job batchJob(String job) {
        return client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
    }

    void admit(String job) {
        setSuspended(job, false);
    }

    void preempt(String job) {
        setSuspended(job, true);
    }

    private void setSuspended(String job, boolean suspended) {
        client.batch().v1().jobs().inNamespace(namespace).withName(job).edit(batch -> {
            batch.getSpec().setSuspend(suspended);
            return batch;
        });
    }
}
