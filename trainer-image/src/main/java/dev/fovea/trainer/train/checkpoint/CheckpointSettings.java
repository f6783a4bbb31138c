package dev.fovea.trainer.train.checkpoint;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a run checkpoints.
 *
 * @param directory the local checkpoint directory, read on start by every host
 * @param writes whether this host writes checkpoints (rank 0 only)
 * @param frequency every this many epochs, or empty for best-validation checkpoints
 * @param signature what the checkpoints fit; a checkpoint written with another is not resumed from
 * @param mirror the durable copy (checkpointConfig.s3), if the job keeps one
 * @param freeSpace where the start-up check learns the volume's free space
 */
public record CheckpointSettings(
        Path directory,
        boolean writes,
        OptionalInt frequency,
        NetworkSignature signature,
        Optional<CheckpointMirror> mirror,
        CheckpointSpace.FreeSpace freeSpace) {

    public CheckpointSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(freeSpace, "freeSpace");
    }

    /** Checkpoints in {@code directory}, without signature or mirror, with the file system's free space. */
    public static CheckpointSettings local(Path directory, boolean writes, OptionalInt frequency) {
        return new CheckpointSettings(
                directory,
                writes,
                frequency,
                NetworkSignature.NONE,
                Optional.empty(),
                CheckpointSpace.FreeSpace.FILE_STORE);
    }

    /** Whether this host keeps checkpoints on its local volume: it writes them, or it downloads the mirror's. */
    public boolean storesLocally() {
        return writes || mirror.isPresent();
    }

    public CheckpointSettings withSignature(NetworkSignature newSignature) {
        return new CheckpointSettings(directory, writes, frequency, newSignature, mirror, freeSpace);
    }

    public CheckpointSettings withMirror(Optional<CheckpointMirror> newMirror) {
        return new CheckpointSettings(directory, writes, frequency, signature, newMirror, freeSpace);
    }

    public CheckpointSettings withFreeSpace(CheckpointSpace.FreeSpace newFreeSpace) {
        return new CheckpointSettings(directory, writes, frequency, signature, mirror, newFreeSpace);
    }
}
