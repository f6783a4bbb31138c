package dev.fovea.trainer.pretrained;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.publish.ModelDirectory;
import dev.fovea.trainer.publish.UnpackedArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What a job's {@code model} channel holds, found once before the network is built: a model {@link ModelDirectory}
 * reads (SageMaker's files, Fovea's, or both), possibly packed as one {@code .tar.gz} in the channel (SageMaker's
 * {@code model.tar.gz} or Fovea's), which is unpacked into a temporary folder that {@link #close} removes; or one
 * PyTorch {@code .pt}/{@code .pth} file with torchvision's names.
 */
public final class ModelChannel implements AutoCloseable {

    /** What the channel holds. */
    public enum Kind {
        /** A directory {@link ModelDirectory#load} reads: {@link #path()} is that directory. */
        MODEL_DIRECTORY,
        /** A PyTorch ResNet file ({@link PyTorchWeights}): {@link #path()} is that file. */
        PYTORCH_FILE
    }

    private static final List<String> TARBALL_SUFFIXES = List.of(".tar.gz", ".tgz");
    private static final List<String> PYTORCH_SUFFIXES = List.of(".pt", ".pth");
    private static final String EXPECTED = "expected SageMaker's model files (" + "image-classification-symbol.json, "
            + "image-classification-NNNN.params, model-shapes.json), a Fovea model directory (model.json), one "
            + "model.tar.gz holding either, or one PyTorch .pt/.pth file";

    private final Kind kind;
    private final Path path;
    private final UnpackedArchive unpacked;

    private ModelChannel(Kind kind, Path path, UnpackedArchive unpacked) {
        this.kind = kind;
        this.path = path;
        this.unpacked = unpacked;
    }

    /**
     * The model in the channel folder {@code channel}; empty when the job has no model channel (no such folder).
     *
     * @throws ClientError when the channel holds nothing usable, or more than one candidate of a kind
     */
    public static Optional<ModelChannel> open(Path channel) {
        if (!Files.isDirectory(channel)) {
            return Optional.empty();
        }
        if (ModelDirectory.holdsModel(channel)) {
            return Optional.of(new ModelChannel(Kind.MODEL_DIRECTORY, channel, null));
        }
        List<Path> files = list(channel);
        Optional<Path> tarball = single(files, TARBALL_SUFFIXES, "tarball", channel);
        if (tarball.isPresent()) {
            return Optional.of(unpack(tarball.get()));
        }
        Optional<Path> pytorch = single(files, PYTORCH_SUFFIXES, "PyTorch", channel);
        if (pytorch.isPresent()) {
            return Optional.of(new ModelChannel(Kind.PYTORCH_FILE, pytorch.get(), null));
        }
        throw new ClientError(
                "The model channel " + channel + " holds no model: " + EXPECTED + "; it holds " + names(files));
    }

    public Kind kind() {
        return kind;
    }

    /** The model directory, or the PyTorch file. */
    public Path path() {
        return path;
    }

    /** The network the model loads into: a model directory's own, torchvision's layout for a PyTorch file. */
    public NetworkFamily family() {
        return kind == Kind.PYTORCH_FILE
                ? NetworkFamily.TORCHVISION
                : ModelDirectory.family(ModelDirectory.describe(path), path);
    }

    private static ModelChannel unpack(Path tarball) {
        UnpackedArchive unpacked;
        try {
            unpacked = UnpackedArchive.of(tarball);
        } catch (IOException e) {
            throw new ClientError(
                    "Cannot unpack " + tarball + " (expected a gzip tarball, model.tar.gz): " + e.getMessage(), e);
        }
        if (!ModelDirectory.holdsModel(unpacked.folder())) {
            List<String> held = names(list(unpacked.folder()));
            unpacked.close();
            throw new ClientError("The model channel's " + tarball.getFileName() + " holds no model: " + EXPECTED
                    + "; it holds " + held);
        }
        return new ModelChannel(Kind.MODEL_DIRECTORY, unpacked.folder(), unpacked);
    }

    private static Optional<Path> single(List<Path> files, List<String> suffixes, String kind, Path channel) {
        Predicate<Path> matches = file -> Files.isRegularFile(file)
                && suffixes.stream().anyMatch(file.getFileName().toString()::endsWith);
        List<Path> found = files.stream().filter(matches).toList();
        if (found.size() > 1) {
            throw new ClientError("The model channel " + channel + " holds several " + kind + " files " + names(found)
                    + "; leave exactly one");
        }
        return found.stream().findFirst();
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(file -> file.getFileName().toString()).toList();
    }

    /** Removes the folder a tarball was unpacked into. */
    @Override
    public void close() {
        if (unpacked != null) {
            unpacked.close();
        }
    }
}
