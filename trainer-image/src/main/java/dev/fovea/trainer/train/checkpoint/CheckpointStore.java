package dev.fovea.trainer.train.checkpoint;

import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.integrity.Directories;
import dev.fovea.trainer.integrity.DirectoryWriter;
import dev.fovea.trainer.integrity.FileManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint directory ({@code /opt/ml/checkpoints}): complete checkpoints are {@code epoch-NNNN/}, each written
 * under a hidden temporary name with its {@link FileManifest} last and renamed into place only when every file is on
 * disk, so a host killed mid-write leaves a partial directory that is ignored and cleaned, never a half checkpoint
 * that looks complete. A write that fails (a full disk) removes its partial directory at once. I/O errors fail the
 * run: a trainer that silently stops checkpointing would lose the work a restart is meant to keep.
 */
public final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final Pattern COMPLETE = Pattern.compile("epoch-(\\d{4,})");
    private static final String PARTIAL_PREFIX = ".partial-";

    private final Path root;
    private final int retain;

    /**
     * @param root the checkpoint directory
     * @param retain how many complete checkpoints to keep; older ones are deleted after each write
     */
    public CheckpointStore(Path root, int retain) {
        this.root = root;
        this.retain = retain;
    }

    public Path root() {
        return root;
    }

    /** How many complete checkpoints are kept. */
    public int retain() {
        return retain;
    }

    /**
     * Prepares the host that writes checkpoints, before any training: removes the partial directories interrupted
     * writes left (they only fill the volume) and checks that a file can be written here, since a run that learns
     * this only after its first epochs has wasted them.
     */
    public void prepareForWriting() {
        try {
            Files.createDirectories(root);
            for (Path partial : entries(path -> path.getFileName().toString().startsWith(PARTIAL_PREFIX))) {
                LOG.warn("Removing partial checkpoint {} left by an interrupted write", partial);
                Directories.deleteTree(partial);
            }
            Files.delete(Files.createTempFile(root, PARTIAL_PREFIX, ".probe"));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot write checkpoints to " + root + ": " + TrainerFailure.describe(e), e);
        }
    }

    /**
     * Writes the checkpoint taken after {@code epoch}: the writer's files, then their manifest, then the rename; then
     * prunes the checkpoints this one makes obsolete. Returns its final directory.
     */
    public Path write(int epoch, DirectoryWriter writer) {
        Path target = directory(epoch);
        try {
            install(epoch, directory -> {
                writer.writeInto(directory);
                FileManifest.write(directory);
            });
            prune(epoch);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint " + target + ": " + TrainerFailure.describe(e), e);
        }
    }

    /**
     * Places a checkpoint that {@code download} fetches whole (its manifest included) as {@code epoch-NNNN/},
     * replacing a local one of that epoch that was there before (the caller found it damaged); returns its
     * directory. When the volume is shared and another host placed the same epoch while this one downloaded, that
     * host's copy stays (it may be reading it) and this download is dropped: both came from the same remote copy,
     * and the manifest is verified on use either way.
     */
    public Path adopt(int epoch, DirectoryWriter download) {
        try {
            install(epoch, download, Files.exists(directory(epoch)));
            return directory(epoch);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot store the downloaded checkpoint in " + directory(epoch) + ": " + TrainerFailure.describe(e),
                    e);
        }
    }

    /** The complete checkpoints' epochs, newest first (complete by name: their contents are verified on use). */
    public List<Integer> epochs() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try {
            return entries(path ->
                            COMPLETE.matcher(path.getFileName().toString()).matches() && Files.isDirectory(path))
                    .stream()
                    .map(CheckpointStore::epochOf)
                    .sorted(Comparator.reverseOrder())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read checkpoint directory " + root + ": " + TrainerFailure.describe(e), e);
        }
    }

    /** The directory of the checkpoint taken after {@code epoch}. */
    public Path directory(int epoch) {
        return root.resolve(name(epoch));
    }

    /** The directory name of the checkpoint taken after {@code epoch}. */
    public static String name(int epoch) {
        return String.format(Locale.ROOT, "epoch-%04d", epoch);
    }

    /** The epoch a checkpoint directory name stands for, if it is one. */
    public static Optional<Integer> epochOf(String name) {
        Matcher matcher = COMPLETE.matcher(name);
        return matcher.matches() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    private static int epochOf(Path checkpoint) {
        return epochOf(checkpoint.getFileName().toString()).orElseThrow();
    }

    /** Fills a partial directory, then renames it to {@code epoch-NNNN}; a failed fill removes the partial one. */
    private void install(int epoch, DirectoryWriter writer) throws IOException {
        install(epoch, writer, true);
    }

    /** As {@link #install(int, DirectoryWriter)}; without {@code replace}, a directory that appeared meanwhile stays. */
    private void install(int epoch, DirectoryWriter writer, boolean replace) throws IOException {
        Files.createDirectories(root);
        Path partial = Files.createTempDirectory(root, PARTIAL_PREFIX + name(epoch) + "-");
        try {
            writer.writeInto(partial);
            Path target = directory(epoch);
            if (!replace && Files.exists(target)) {
                LOG.info("Another host placed {} while this one downloaded it; using that copy", target);
                Directories.deleteTree(partial);
                return;
            }
            Directories.deleteTree(target);
            moveAtomically(partial, target);
            Directories.sync(root);
        } catch (IOException | RuntimeException e) {
            Directories.deleteAfterFailure(partial, e);
            throw e;
        }
    }

    private void prune(int newest) throws IOException {
        for (int epoch : CheckpointRetention.obsolete(epochs(), newest, retain)) {
            Directories.deleteTree(directory(epoch));
        }
    }

    private List<Path> entries(java.util.function.Predicate<Path> filter) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(filter).toList();
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the checkpoint volume cannot rename atomically (" + e.getMessage() + ")", e);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another host placed " + to + " at the same time; start again", e);
        }
    }
}
