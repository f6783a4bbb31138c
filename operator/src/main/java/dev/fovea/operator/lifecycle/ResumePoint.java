package dev.fovea.operator.lifecycle;

import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import dev.fovea.operator.status.StatusDraft;

/**
 * Where a gang that starts again — after a gang restart, a suspension or a Kueue preemption — resumes training. Only
 * a {@code spec.checkpointConfig} keeps the checkpoints beyond the pods: without one they live on each pod's emptyDir
 * and go with the pods, so the new gang starts over from epoch 0. Every message that promises a resumption says which.
 */
public enum ResumePoint {
    NEWEST_CHECKPOINT("from the newest checkpoint", "the checkpoints are kept"),
    EPOCH_ZERO(
            "from epoch 0, since spec.checkpointConfig is not set",
            "the checkpoints go with the pods (no spec.checkpointConfig)");

    private final String from;
    private final String checkpoints;

    ResumePoint(String from, String checkpoints) {
        this.from = from;
        this.checkpoints = checkpoints;
    }

    public static ResumePoint of(ImageClassificationJobSpec spec) {
        return spec.getCheckpointConfig() == null ? EPOCH_ZERO : NEWEST_CHECKPOINT;
    }

    /** "from the newest checkpoint" or "from epoch 0, since ...": completes "the gang resumes …". */
    public String from() {
        return from;
    }

    /** What happens to the checkpoints when the pods go. */
    public String checkpoints() {
        return checkpoints;
    }

    /**
     * Raises {@link ConditionType#CheckpointsEphemeral} (its Warning event says it once) while the job has no
     * checkpointConfig, and settles it once one is set.
     */
    public void showIn(StatusDraft status) {
        if (this == EPOCH_ZERO) {
            status.raise(
                    ConditionType.CheckpointsEphemeral,
                    ConditionReason.NoCheckpointConfig,
                    "spec.checkpointConfig is not set, so checkpoints are written to each pod's own emptyDir: a gang"
                            + " restart (a failed, evicted or lost host, a suspension, a Kueue preemption) starts"
                            + " over from epoch 0. Set spec.checkpointConfig (a shared persistentVolumeClaim or an s3"
                            + " prefix) to resume from the newest checkpoint");
        } else {
            status.settle(
                    ConditionType.CheckpointsEphemeral,
                    ConditionReason.CheckpointConfigSet,
                    "spec.checkpointConfig is set: a gang restart resumes from the newest checkpoint");
        }
    }
}
