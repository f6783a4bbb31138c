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
            ImageClassificationJob job, Gang gang, StatusDraft status, Context<ImageClassificationJob> context) {
        if (gang.isPreviousAttempt()) {
            GangStopper.stop(context.getClient(), job); // the old gang is still going away
            return new Step(false, SOON);
        }
        if (job.getSpec().isSuspended()) {
            GangStopper.deletePods(context.getClient(), job);
            status.enter(
                    JobPhase.Suspended,
                    ConditionReason.SuspendedByUser,
                    "spec.suspend is true: the pods are stopped, checkpoints are kept; set it to false to resume");
            return new Step(true, null);
        }
        TrainerPods.labelHostIndexes(context.getClient(), gang.pods());
        GangOutcome outcome = GangOutcomeClassifier.classify(
                gang.batchJob(), gang.pods(), job.getSpec().hostCount());
        Optional<Duration> runtime = status.runtime();
        Long maxRuntime = job.getSpec().getStoppingCondition() == null
                ? null
                : job.getSpec().getStoppingCondition().getMaxRuntimeSeconds();
        GangDecision decision =
                GangDecider.decide(outcome, gang.attempt(), job.getSpec().backoffLimitOrDefault(), runtime, maxRuntime);
        switch (decision) {
            case GangDecision.Continue cont -> {
                return cont.running() ? running(job, status, runtime, maxRuntime) : waiting(job, gang, status);
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
                GangStopper.stop(context.getClient(), job);
                status.finish(JobPhase.Failed, fail.reason(), fail.message());
                return Step.DONE;
            }
            case GangDecision.Restart restart -> {
                GangStopper.stop(context.getClient(), job);
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

    private Step waiting(ImageClassificationJob job, Gang gang, StatusDraft status) {
        Optional<String> queue = TrainerJobDependent.queueName(job);
        if (gang.isHeldSuspended() && queue.isPresent()) {
            status.enter(
                    JobPhase.Suspended,
                    ConditionReason.WaitingForAdmission,
                    "Queued in Kueue queue " + queue.get() + "; waiting for admission");
        } else if (status.phase() == JobPhase.Suspended) {
            status.enter(
                    JobPhase.Created,
                    ConditionReason.Accepted,
                    "Resumed: the gang is starting from the newest checkpoint");
        }
        // Our own create of the Job raises no event: look again soon to see how it started (e.g. held by Kueue).
        return new Step(true, gang.exists() ? null : SOON);
    }
}
