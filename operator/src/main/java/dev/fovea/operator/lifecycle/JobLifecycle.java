package dev.fovea.operator.lifecycle;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.contract.TerminationMessages;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.JobPhase;
import dev.fovea.operator.OperatorConfig;
import dev.fovea.operator.dependent.TrainerJobDependent;
import dev.fovea.operator.dependent.TrainerPods;
import dev.fovea.operator.progress.ProgressReader;
import dev.fovea.operator.status.StatusDraft;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Decide → act for an unfinished job whose gang was observed: lets {@link GangDecider} judge what the gang did, stops
 * or restarts it, and writes the outcome into the status draft. Returns whether the workflow (the dependents) should
 * be reconciled and when to look again.
 */
@ApplicationScoped
public class JobLifecycle {

    /** What the reconciler does after the lifecycle step: reconcile the dependents or not, and when to look again. */
    public record Step(boolean reconcileDependents, Duration recheckAfter) {

        /** Nothing left to do for the gang, no reason to look again. */
        public static final Step DONE = new Step(false, null);

        public UpdateControl<ImageClassificationJob> control() {
            return recheckAfter == null
                    ? UpdateControl.noUpdate()
                    : UpdateControl.<ImageClassificationJob>noUpdate().rescheduleAfter(recheckAfter);
        }
    }

    private static final Duration SOON = Duration.ofSeconds(1);
    private final ProgressReader progress;
    private final OperatorConfig config;

    public JobLifecycle(ProgressReader progress, OperatorConfig config) {
        this.progress = progress;
        this.config = config;
    }

    public Step advance(
            ImageClassificationJob job, Gang observed, StatusDraft status, Context<ImageClassificationJob> context) {
        Gang gang = observed;
        if (gang.isPreviousAttempt()) {
            if (GangStopper.stopAttemptsBefore(context.getClient(), job, gang.attempt())) {
                return new Step(false, SOON); // the old gang is still going away
            }
            // The API server no longer has it (or has its successor already): the cache is behind. Build the new
            // attempt now rather than wait for an event that may never come (a cache only catches up on a re-list).
            gang = gang.withoutBatchJob();
        }
        ResumePoint resume = ResumePoint.of(job.getSpec());
        if (job.getSpec().isSuspended()) {
            // The workflow suspends the batch Job and the Job controller stops its pods, without counting them failed
            // as it counts pods that someone else deletes (with backoffLimit 0 that would fail the Job).
            Suspensions.byUser(status, resume);
            return new Step(true, null);
        }
        if (gang.isHeldSuspended()) {
            // Whatever the pods say now (143 and 3 while they are stopped) is the suspension, never a failure.
            Optional<String> queue = TrainerJobDependent.queueName(job);
            if (queue.isPresent()) {
                Suspensions.byKueue(queue.get(), gang, status, resume);
            } else {
                Suspensions.released(status, resume); // spec.suspend became false: the workflow unsuspends the Job
            }
            return new Step(true, null);
        }
        TrainerPods.labelHostIndexes(context.getClient(), gang.pods());
        GangOutcome outcome = GangOutcomeClassifier.classify(
                gang.batchJob(), gang.pods(), job.getSpec().hostCount());
        Optional<Duration> runtime = status.runtime();
        Long maxRuntime = job.getSpec().getStoppingCondition() == null
                ? null
                : job.getSpec().getStoppingCondition().getMaxRuntimeSeconds();
        GangDecision decision = GangDecider.decide(
                outcome, gang.attempt(), job.getSpec().backoffLimitOrDefault(), runtime, maxRuntime, resume);
        switch (decision) {
            case GangDecision.Continue cont -> {
                return cont.running() ? running(job, status, runtime, maxRuntime) : waiting(gang, status, resume);
            }
            case GangDecision.Succeed succeed -> {
                TerminationMessages.progress(succeed.terminationMessage()).ifPresent(status::progress);
                status.finish(
                        JobPhase.Succeeded,
                        ConditionReason.Completed,
                        "Every host finished training"
                                + status.modelArtifact()
                                        .map(model -> "; the model is at " + model)
                                        .orElse(""));
                return Step.DONE;
            }
            case GangDecision.Fail fail -> {
                GangStopper.stopAttemptsBefore(context.getClient(), job, gang.attempt() + 1);
                status.finish(JobPhase.Failed, fail.reason(), fail.message());
                return Step.DONE;
            }
            case GangDecision.Restart restart -> {
                GangStopper.stopAttemptsBefore(context.getClient(), job, gang.attempt() + 1);
                status.restart(restart.reason(), restart.message());
                return new Step(false, SOON);
            }
        }
    }

    private Step running(ImageClassificationJob job, StatusDraft status, Optional<Duration> runtime, Long maxRuntime) {
        status.startedNow();
        if (status.phase() != JobPhase.Running) {
            status.enter(
                    JobPhase.Running,
                    ConditionReason.GangRunning,
                    job.getSpec().hostCount() + " host(s) are training (attempt " + status.attempt() + ")");
        }
        progress.read(job).ifPresent(status::progress);
        Duration recheck = config.progressPollInterval();
        if (maxRuntime != null && runtime.isPresent()) {
            Duration left = Duration.ofSeconds(maxRuntime).minus(runtime.get());
            recheck = left.compareTo(recheck) < 0 ? left.plusMillis(100) : recheck;
        }
        return new Step(true, recheck);
    }

    private static Step waiting(Gang gang, StatusDraft status, ResumePoint resume) {
        Suspensions.released(status, resume);
        // Our own create of the Job raises no event: look again soon to see how it started (e.g. held by Kueue).
        return new Step(true, gang.exists() ? null : SOON);
    }
}
