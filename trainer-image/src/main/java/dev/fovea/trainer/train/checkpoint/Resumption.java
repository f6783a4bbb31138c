package dev.fovea.trainer.train.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a run starts: from the newest checkpoint that is intact and fits the job, or from scratch; with every newer
 * checkpoint that was skipped and why.
 *
 * @param restored the checkpoint resumed from, empty to start from epoch 0
 * @param skipped the checkpoints passed over, newest first
 */
public record Resumption(Optional<Restored> restored, List<Skipped> skipped) {

    private static final int REASON_LIMIT = 240;
    private static final int NOTICE_LIMIT = 900;

    public Resumption {
        skipped = List.copyOf(skipped);
    }

    /** A checkpoint the run resumed from: its directory and state, its parts loaded into the network. */
    public record Restored(Path directory, CheckpointState state) {

        public String name() {
            return directory.getFileName().toString();
        }
    }

    /**
     * A checkpoint passed over.
     *
     * @param checkpoint where it is (a local directory or an {@code s3://} copy)
     * @param reason the file at fault and what is wrong with it, or why it does not fit the job
     */
    public record Skipped(String checkpoint, String reason) {

        @Override
        public String toString() {
            String shortReason = reason.length() <= REASON_LIMIT ? reason : reason.substring(0, REASON_LIMIT) + "…";
            return checkpoint + ": " + shortReason;
        }
    }

    /**
     * What a person must know about how the run started, for the log, the progress and the termination message;
     * empty when no checkpoint was skipped.
     */
    public Optional<String> notice() {
        if (skipped.isEmpty()) {
            return Optional.empty();
        }
        String reasons = skipped.stream().map(Skipped::toString).collect(Collectors.joining("; "));
        String notice = restored.map(from -> "Resumed from the older checkpoint " + from.name() + "; skipped ")
                        .orElse("No intact checkpoint fits this job, so training started over from epoch 0; skipped ")
                + reasons;
        return Optional.of(notice.length() <= NOTICE_LIMIT ? notice : notice.substring(0, NOTICE_LIMIT) + "…");
    }
}
