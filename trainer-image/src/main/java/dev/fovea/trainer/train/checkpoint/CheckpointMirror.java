package dev.fovea.trainer.train.checkpoint;

import java.nio.file.Path;
import java.util.List;

/**
 * A durable copy of the checkpoints beyond the local volume ({@code checkpointConfig.s3}): rank 0 uploads each
 * complete checkpoint, its manifest last, so that a copy without a manifest is never taken for a complete one; at
 * start every host downloads the newest one its local volume lacks, so a gang restarted onto fresh disks resumes.
 * Failures to reach it are errors worth a retry, never a silent start from scratch.
 */
public interface CheckpointMirror {

    /** Where the copies are, for messages (e.g. {@code s3://bucket/prefix/}). */
    String location();

    /** The epochs of the complete copies (their manifest uploaded), newest first. */
    List<Integer> completeEpochs();

    /** Downloads the copy of {@code epoch}'s checkpoint, manifest included, into the empty {@code directory}. */
    void download(int epoch, Path directory);

    /** Uploads the complete checkpoint in {@code directory} as {@code epoch}'s copy, its manifest last. */
    void upload(int epoch, Path directory);

    /** Deletes the copies {@link CheckpointRetention} makes obsolete once {@code written} is uploaded. */
    void prune(int written, int retain);
}
