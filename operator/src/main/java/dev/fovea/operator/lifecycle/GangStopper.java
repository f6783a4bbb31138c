package dev.fovea.operator.lifecycle;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Tears a gang down: the Indexed Job and its pods. Pods are deleted explicitly as well rather than left to garbage
 * collection, so a restarted gang never overlaps the old one. Both deletes are idempotent.
 */
public final class GangStopper {

    private GangStopper() {}

    /**
     * Deletes the Indexed Job and its pods; returns whether the API server still had the Job. False means it was
     * gone already — whatever a cache still shows of it is behind the server.
     */
    public static boolean stop(KubernetesClient client, ImageClassificationJob job) {
        String name = job.getMetadata().getName();
        boolean existed = !client.batch()
                .v1()
                .jobs()
                .inNamespace(job.getMetadata().getNamespace())
                .withName(ObjectNames.trainerJob(name))
                .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete()
                .isEmpty();
        deletePods(client, job);
        return existed;
    }

    /** Removes the pods only (suspension: the suspended Job stays, its checkpoints are on their volume). */
    public static void deletePods(KubernetesClient client, ImageClassificationJob job) {
        client.pods()
                .inNamespace(job.getMetadata().getNamespace())
                .withLabels(ObjectNames.selector(job.getMetadata().getName()))
                .delete();
    }
}
