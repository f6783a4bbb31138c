package dev.fovea.api.status;

/**
 * The {@code type}s of the conditions in {@code status.conditions}: one per phase, plus some that are not phases. The
 * constant's name is the type, CamelCase as the Kubernetes API conventions ask.
 */
public enum ConditionType {
    Created,
    Running,
    Restarting,
    Succeeded,
    Failed,
    Suspended,
    /**
     * Not a phase: True while an edit of the spec is not applied because the job's gang exists; the message names
     * the fields and how to apply them. The job keeps its phase.
     */
    SpecChangeRefused,
    /** Not a phase: True while reconciles of the job fail; the message is the error. */
    ReconcileError,
    /**
     * Not a phase: True while the job has no {@code spec.checkpointConfig}, so its checkpoints live on the pods'
     * own disks and a gang restart (a lost host, a suspension, a Kueue preemption) starts over from epoch 0.
     */
    CheckpointsEphemeral,
    /**
     * Not a phase: True while the job's model channel is not in its spec but filled from the operator's pretrained
     * catalogue ({@code usePretrainedModel: 1} without a model channel); the message names the folder.
     */
    ModelFromCatalogue,
    /** An endpoint's: True once its model's location is known (the job Succeeded and wrote it somewhere kept). */
    ModelResolved,
    /** An endpoint's: True while every wanted replica answers {@code GET /ping}. */
    Ready,
    /**
     * An endpoint's, only while it has {@code spec.autoscaling} and its HorizontalPodAutoscaler has reported: the HPA's
     * own ScalingActive condition — True when it can compute a replica count from its metric, False with the HPA's
     * reason (e.g. {@code FailedGetResourceMetric}, {@code FailedGetPodsMetric}) and message, plus what to do for a CPU
     * target on pods that request no CPU, or an in-flight target without a custom metrics adapter. Neither the phase
     * nor Ready depend on it.
     */
    AutoscalingActive;

    /** The condition type that stands for {@code phase}. */
    public static ConditionType of(JobPhase phase) {
        return valueOf(phase.name());
    }
}
