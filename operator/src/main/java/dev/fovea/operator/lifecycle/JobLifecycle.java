package dev.fovea.operator.lifecycle;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.contract.TerminationMessages;
import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.ImageClassificationJobStatus;
import dev.fovea.api.status.JobPhase;
import dev.fovea.operator.OperatorConfig;
import dev.fovea.operator.dependent.TrainerJobDependent;
import dev.fovea.operator.dependent.TrainerPods;
import dev.fovea.operator.progress.ProgressReader;
import dev.fovea.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Observe → decide → act for a valid, unfinished job: reads the gang (Job and pods of the current attempt), lets
 * {@link GangDecider} decide, stops or restarts the gang, and writes the outcome into {@code status}. Returns whether
 * the workflow (the dependents) should be reconciled and when to look again.
 */
@ApplicationScoped
public class JobLifecycle {

    /** What the reconciler does after the lifecycle step. */
    public record Step(boolean reconcileDependents, Duration recheckAfter) {}

    private static final Duration SOON = Duration.ofSeconds(1);
    private final ProgressReader progress;
    private final OperatorConfig config;

    public JobLifecycle(ProgressReader progress, OperatorConfig config) {
        this.progress = progress;
        this.config = config;
    }

    public Step advance(
            ImageClassificationJob job, ImageClassificationJobStatus status, Context<ImageClassificationJob> context) {
        long generation = job.getMetadata().getGeneration();
        String now = Instant.now().toString();
        int attempt = status.getRestarts() == null ? 0 : status.getRestarts();
        Optional<Job> batchJob = context.getSecondaryResource(Job.class);
        if (batchJob.isPresent() && attemptOf(batchJob.get()) != attempt) {
            GangStopper.stop(context.getClient(), job); // the old gang is still going away
            return new Step(false, SOON);
        }
        if (job.getSpec().isSuspended()) {
            GangStopper.deletePods(context.getClient(), job);
            Conditions.enterPhase(
                    status.getConditions(),
                    JobPhase.Suspended,
                    ConditionType.Reason.SUSPENDED_BY_USER,
                    "spec.suspend is true: the pods are stopped, checkpoints are kept; set it to false to resume",
                    generation,
                    now);
            status.setPhase(JobPhase.Suspended);
            return new Step(true, null);
        }
        List<Pod> pods = TrainerPods.ofAttempt(context.getSecondaryResources(Pod.class), attempt);
        TrainerPods.labelHostIndexes(context.getClient(), pods);
        GangOutcome outcome =
                GangOutcomeClassifier.classify(batchJob, pods, job.getSpec().hostCount());
        Duration runtime = status.getStartTime() == null
                ? null
                : Duration.between(Instant.parse(status.getStartTime()), Instant.now());
        Long maxRuntime = job.getSpec().getStoppingCondition() == null
                ? null
                : job.getSpec().getStoppingCondition().getMaxRuntimeSeconds();
        GangDecision decision =
                GangDecider.decide(outcome, attempt, job.getSpec().backoffLimitOrDefault(), runtime, maxRuntime);
        switch (decision) {
            case GangDecision.Continue cont -> {
                return cont.running()
                        ? running(job, status, generation, now, runtime, maxRuntime)
                        : waiting(job, status, batchJob, generation, now);
            }
            case GangDecision.Succeed succeed -> {
                TerminationMessages.progress(succeed.terminationMessage()).ifPresent(status::applyProgress);
                finish(
                        status,
                        JobPhase.Succeeded,
                        ConditionType.Reason.COMPLETED,
                        "Every host finished training" + modelAt(status),
                        generation,
                        now);
                return new Step(false, null);
            }
            case GangDecision.Fail fail -> {
                GangStopper.stop(context.getClient(), job);
                finish(status, JobPhase.Failed, fail.reason(), fail.message(), generation, now);
                return new Step(false, null);
            }
            case GangDecision.Restart restart -> {
                GangStopper.stop(context.getClient(), job);
                status.setRestarts(attempt + 1);
                status.setPhase(JobPhase.Restarting);
                Conditions.enterPhase(
                        status.getConditions(),
                        JobPhase.Restarting,
                        PhaseMessages.restartReason(restart.message()),
                        restart.message(),
                        generation,
                        now);
                return new Step(false, SOON);
            }
        }
    }

    private Step running(
            ImageClassificationJob job,
            ImageClassificationJobStatus status,
            long generation,
            String now,
            Duration runtime,
            Long maxRuntime) {
        if (status.getStartTime() == null) {
            status.setStartTime(now);
        }
        if (status.getPhase() != JobPhase.Running) {
            status.setPhase(JobPhase.Running);
            Conditions.enterPhase(
                    status.getConditions(),
                    JobPhase.Running,
                    PhaseMessages.REASON_STARTED,
                    job.getSpec().hostCount() + " host(s) are training (attempt "
                            + (status.getRestarts() == null ? 0 : status.getRestarts()) + ")",
                    generation,
                    now);
        }
        progress.read(job).ifPresent(status::applyProgress);
        Duration recheck = config.progressPollInterval();
        if (maxRuntime != null && runtime != null) {
            Duration left = Duration.ofSeconds(maxRuntime).minus(runtime);
            recheck = left.compareTo(recheck) < 0 ? left.plusMillis(100) : recheck;
        }
        return new Step(true, recheck);
    }

    private Step waiting(
            ImageClassificationJob job,
            ImageClassificationJobStatus status,
            Optional<Job> batchJob,
            long generation,
            String now) {
        boolean admittedLater =
                batchJob.map(j -> Boolean.TRUE.equals(j.getSpec().getSuspend())).orElse(false);
        if (admittedLater && TrainerJobDependent.queueName(job).isPresent()) {
            status.setPhase(JobPhase.Suspended);
            Conditions.enterPhase(
                    status.getConditions(),
                    JobPhase.Suspended,
                    PhaseMessages.REASON_WAITING_FOR_ADMISSION,
                    "Queued in Kueue queue "
                            + TrainerJobDependent.queueName(job).get() + "; waiting for admission",
                    generation,
                    now);
        } else if (status.getPhase() == JobPhase.Suspended) {
            status.setPhase(JobPhase.Created);
            Conditions.enterPhase(
                    status.getConditions(),
                    JobPhase.Created,
                    PhaseMessages.REASON_ACCEPTED,
                    "Resumed: the gang is starting from the newest checkpoint",
                    generation,
                    now);
        }
        // Our own create of the Job raises no event: look again soon to see how it started (e.g. held by Kueue).
        return new Step(true, batchJob.isEmpty() ? SOON : null);
    }

    private static void finish(
            ImageClassificationJobStatus status,
            JobPhase phase,
            String reason,
            String message,
            long generation,
            String now) {
        status.setPhase(phase);
        status.setCompletionTime(now);
        Conditions.enterPhase(status.getConditions(), phase, reason, message, generation, now);
    }

    private static String modelAt(ImageClassificationJobStatus status) {
        return status.getModelArtifact() == null ? "" : "; the model is at " + status.getModelArtifact();
    }

    private static int attemptOf(Job job) {
        var labels = job.getSpec().getTemplate().getMetadata().getLabels();
        String attempt = labels == null ? null : labels.get(TrainerPods.ATTEMPT_LABEL);
        return attempt == null ? -1 : Integer.parseInt(attempt);
    }
}
