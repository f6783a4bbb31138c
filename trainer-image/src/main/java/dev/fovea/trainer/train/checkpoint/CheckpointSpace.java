package dev.fovea.trainer.train.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.optimizer.MasterWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The start-up check that the checkpoint volume has room for one more checkpoint: the parameters plus the optimizer's
 * state (a few arrays the size of each trainable parameter). A volume too small for it would otherwise fail only at
 * the first checkpoint, after a whole epoch of work. Too little space is the job's own setting (its volume), so the
 * run fails as a client error whose message gives both numbers.
 */
public final class CheckpointSpace {

    /** Where the free space of a directory's file system comes from; tests substitute their own. */
    @FunctionalInterface
    public interface FreeSpace {

        /** The file system's own answer: the bytes this process may still write there. */
        FreeSpace FILE_STORE = directory -> Files.getFileStore(directory).getUsableSpace();

        long usableBytes(Path directory) throws IOException;
    }

    /**
     * What one checkpoint takes.
     *
     * @param parameterBytes the parameters as stored
     * @param optimizerBytes the optimizer's state (or dist_async's shard servers', which is the same size)
     */
    public record Need(long parameterBytes, long optimizerBytes) {

        public long total() {
            return parameterBytes + optimizerBytes;
        }
    }

    private CheckpointSpace() {}

    /**
     * The size of a checkpoint of {@code block}, whose optimizer keeps {@code slots} arrays per trainable parameter
     * (float32, and a float32 master of each float16 one).
     */
    public static Need of(Block block, int slots) {
        long parameters = 0;
        long optimizer = 0;
        for (Pair<String, Parameter> named : block.getParameters()) {
            Parameter parameter = named.getValue();
            if (parameter.isInitialized()) {
                NDArray array = parameter.getArray();
                parameters += array.size() * array.getDataType().getNumOfBytes();
                // slots are float32 even for a float16 weight, which also has a float32 master
                int arrays = slots + (MasterWeights.keepsMaster(array) ? 1 : 0);
                optimizer +=
                        parameter.requiresGradient() ? arrays * array.size() * DataType.FLOAT32.getNumOfBytes() : 0;
            }
        }
        return new Need(parameters, optimizer);
    }

    /**
     * @throws ClientError when {@code directory}'s file system has less room than {@code need}, giving both
     */
    public static void check(Path directory, Need need, FreeSpace freeSpace) {
        long free;
        try {
            free = freeSpace.usableBytes(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot tell the free space of " + directory + ": " + TrainerFailure.describe(e), e);
        }
        if (free < need.total()) {
            throw new ClientError("The checkpoint volume " + directory + " has " + size(free) + " free, but one"
                    + " checkpoint of this job needs " + size(need.total()) + " (parameters "
                    + size(need.parameterBytes())
                    + ", optimizer state " + size(need.optimizerBytes()) + "); give the checkpoint volume"
                    + " (spec.checkpointConfig) at least that much free space");
        }
    }

    /** Bytes for a person: "3.4 MiB (3,565,158 bytes)". */
    static String size(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        String unit = "bytes";
        for (int i = 0; i < units.length && value >= 1024; i++) {
            value /= 1024;
            unit = units[i];
        }
        String exact = String.format(Locale.ROOT, "%,d bytes", bytes);
        return unit.equals("bytes") ? exact : String.format(Locale.ROOT, "%.1f %s (%s)", value, unit, exact);
    }
}
