package dev.fovea.operator.lifecycle;

import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.JobPhase;
import dev.fovea.operator.status.StatusDraft;

/**
 * Who holds a gang suspended, as the status tells it. A suspension is never a failure: no restart is counted, the
 * batch Job stays (so Kueue's Workload keeps its place), and the gang resumes {@link ResumePoint where it can} when it
 * is released. Two hands suspend a gang: the user with {@code spec.suspend}, and Kueue, which admits a queued Job by
 * unsuspending it and preempts it (or evicts it, e.g. for {@code waitForPodsReady}) by suspending it again.
 */
final class Suspensions {

    private Suspensions() {}

    static void byUser(StatusDraft status, ResumePoint resume) {
        status.enter(
                JobPhase.Suspended,
                ConditionReason.SuspendedByUser,
                "spec.suspend is true: the pods are stopped and " + resume.checkpoints()
                        + "; set it to false to resume " + resume.from());
    }

    /**
     * The batch Job is suspended although the spec is not: Kueue holds it. Before the gang of this attempt ran, it is
     * waiting for admission; once it ran, Kueue took it back (preempted or evicted) and will admit it again.
     */
    static void byKueue(String queue, Gang gang, StatusDraft status, ResumePoint resume) {
        boolean admittedBefore = status.phase() == JobPhase.Running
                || !gang.pods().isEmpty()
                || status.phaseReason()
                        .filter(ConditionReason.SuspendedByKueue::equals)
                        .isPresent();
        if (admittedBefore) {
            status.enter(
                    JobPhase.Suspended,
                    ConditionReason.SuspendedByKueue,
                    "Kueue suspended the admitted Job (preempted or evicted from LocalQueue " + queue + "): the pods"
                            + " are stopped and " + resume.checkpoints() + "; the Job and its Kueue Workload stay, no"
                            + " restart is counted, and the gang resumes " + resume.from()
                            + " when Kueue admits it again");
        } else {
            status.enter(
                    JobPhase.Suspended,
                    ConditionReason.WaitingForAdmission,
                    "Queued in Kueue LocalQueue " + queue + "; waiting for admission");
        }
    }

    /** The suspension ended (Kueue admitted the Job, or spec.suspend became false): the gang starts again. */
    static void released(StatusDraft status, ResumePoint resume) {
        if (status.phase() != JobPhase.Suspended) {
            return;
        }
        ConditionReason held = status.phaseReason().orElse(ConditionReason.SuspendedByUser);
        switch (held) {
            case WaitingForAdmission ->
                status.enter(
                        JobPhase.Created, ConditionReason.Admitted, "Kueue admitted the Job; the gang is starting");
            case SuspendedByKueue ->
                status.enter(
                        JobPhase.Created,
                        ConditionReason.Admitted,
                        "Kueue admitted the Job again: the gang resumes " + resume.from());
            default ->
                status.enter(
                        JobPhase.Created,
                        ConditionReason.Accepted,
                        "spec.suspend is false: the gang resumes " + resume.from());
        }
    }
}
