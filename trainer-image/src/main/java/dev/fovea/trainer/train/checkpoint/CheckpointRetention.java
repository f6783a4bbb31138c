package dev.fovea.trainer.train.checkpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which checkpoints a new one makes obsolete, the same on the local volume and in S3: every checkpoint of a later
 * epoch than the one just written (left by a run that was abandoned for an older checkpoint: damaged, or written for
 * another network), and all but the {@code retain} newest of the rest. The checkpoint just written is always kept, so
 * rotation never pushes out the newest good one.
 */
public final class CheckpointRetention {

    /** Complete checkpoints kept on the volume and in S3. */
    public static final int RETAINED = 3;

    private CheckpointRetention() {}

    /**
     * @param epochs the epochs of the complete checkpoints there are, in any order
     * @param written the epoch of the checkpoint just written
     * @return the epochs to delete
     */
    public static List<Integer> obsolete(List<Integer> epochs, int written, int retain) {
        List<Integer> newestFirst =
                epochs.stream().sorted(Comparator.reverseOrder()).toList();
        List<Integer> obsolete = new ArrayList<>();
        int kept = 0;
        for (int epoch : newestFirst) {
            if (epoch > written || kept >= retain) {
                obsolete.add(epoch);
            } else {
                kept++;
            }
        }
        return obsolete;
    }
}
