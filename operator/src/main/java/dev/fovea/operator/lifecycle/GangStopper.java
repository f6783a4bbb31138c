package dev.fovea.operator.lifecycle;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.operator.dependent.TrainerPods;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Tears a gang down: the Indexed Job and its pods. Pods are deleted explicitly as well rather than left to garbage
 * collection, so a restarted gang never overlaps the old one. The Job and the pods are judged as the API server has
 * them, never as a cache does: a cache that is behind can still show an earlier attempt's Job while its successor, of
 * the same name, already runs, and that successor must survive.
 */
public final class GangStopper {

    private GangStopper() {}

    /**
     * Deletes the Indexed Job and the pods of every attempt before {@code attempt}; the Job and pods of {@code attempt}
     * itself stay. (No attempt after the one in force exists, so "before" is "other than".) Returns whether an
     * earlier attempt's Job was still on the API server — false means a cache that shows one is behind.
     */
    public static boolean stopAttemptsBefore(KubernetesClient client, ImageClassificationJob job, int attempt) {
        String namespace = job.getMetadata().getNamespace();
        var jobs = client.batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(ObjectNames.trainerJob(job.getMetadata().getName()));
        Job current = jobs.get();
        boolean earlier = current != null && TrainerPods.attemptOf(current) != attempt;
        if (earlier) {
            // No race with the successor: only this job's reconcile creates it, and JOSDK runs one at a time.
            jobs.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        }
        client.pods()
                .inNamespace(namespace)
                .withLabels(ObjectNames.selector(job.getMetadata().getName()))
                .withoutLabel(TrainerPods.ATTEMPT_LABEL, Integer.toString(attempt))
                .delete();
        return earlier;
    }
}
