package dev.fovea.operator.lifecycle;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.operator.dependent.TrainerPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Optional;

/**
 * What exists of a job's gang, as the operator's caches see it: the Indexed Job, if any, and the pods of the attempt
 * in force. Observed before anything is judged, so that a decision never ignores a gang that is running.
 *
 * @param batchJob the Indexed Job, of this attempt or of one still going away
 * @param pods the pods of {@code attempt}; pods of an older attempt are never read
 * @param attempt the gang attempt in force ({@code status.restarts})
 */
public record Gang(Optional<Job> batchJob, List<Pod> pods, int attempt) {

    public static Gang observe(Context<ImageClassificationJob> context, int attempt) {
        return new Gang(
                context.getSecondaryResource(Job.class),
                TrainerPods.ofAttempt(context.getSecondaryResources(Pod.class), attempt),
                attempt);
    }

    /** The same gang without its Indexed Job, once the API server has shown that the Job is gone. */
    public Gang withoutBatchJob() {
        return new Gang(Optional.empty(), pods, attempt);
    }

    /** Whether the job has a gang: its Indexed Job exists (running, pending, suspended or finished). */
    public boolean exists() {
        return batchJob.isPresent();
    }

    /** Whether the Indexed Job belongs to an earlier attempt, which is still being torn down. */
    public boolean isPreviousAttempt() {
        return batchJob.map(job -> TrainerPods.attemptOf(job) != attempt).orElse(false);
    }

    /**
     * Whether Kueue (or a suspended spec) holds the Indexed Job suspended. A pod of this attempt that runs and is not
     * being deleted says otherwise — the Job controller deletes a suspended Job's pods — so the Job was admitted
     * again and a cached copy is behind.
     */
    public boolean isHeldSuspended() {
        return batchJob.map(job -> Boolean.TRUE.equals(job.getSpec().getSuspend()))
                        .orElse(false)
                && pods.stream().noneMatch(Gang::isRunning);
    }

    private static boolean isRunning(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null
                && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase());
    }
}
