package dev.fovea.trainer.train.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
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
 * under a hidden temporary name and renamed into place only when every file is on disk, so a host killed mid-write
 * leaves a partial directory that is ignored and cleaned, never a half checkpoint that looks complete. I/O errors
 * fail the run: a trainer that silently stops checkpointing would lose the work a restart is meant to keep.
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

    /** Writes files into the directory it is given. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void writeInto(Path directory) throws IOException;
    }

    /**
     * Checks, before any training, that checkpoints can be written here: a run that learns this only after its first
     * epochs has wasted them.
     */
    public void checkWritable() {
        try {
            Files.createDirectories(root);
            Files.delete(Files.createTempFile(root, PARTIAL_PREFIX, ".probe"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoints to " + root + ": " + e.getMessage(), e);
        }
    }

    /** Writes the checkpoint taken after {@code epoch} atomically; returns its final directory. */
    public Path write(int epoch, DirectoryWriter writer) {
        Path target = root.resolve(name(epoch));
        try {
            Files.createDirectories(root);
            Path partial = Files.createTempDirectory(root, PARTIAL_PREFIX + name(epoch) + "-");
            writer.writeInto(partial);
            if (Files.exists(target)) {
                deleteTree(target);
            }
            moveAtomically(partial, target);
            prune();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** The newest complete checkpoint, if any; partial directories left by an interrupted write are deleted. */
    public Optional<Path> newest() {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try {
            cleanPartials();
            List<Path> complete = complete();
            return complete.isEmpty() ? Optional.empty() : Optional.of(complete.getLast());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read checkpoint directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** The directory name of the checkpoint taken after {@code epoch}. */
    public static String name(int epoch) {
        return String.format(Locale.ROOT, "epoch-%04d", epoch);
    }

    private List<Path> complete() throws IOException {
        List<Path> complete = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(Files::isDirectory)
                    .filter(path ->
                            COMPLETE.matcher(path.getFileName().toString()).matches())
                    .forEach(complete::add);
        }
        complete.sort(Comparator.comparingInt(CheckpointStore::epochOf));
        return complete;
    }

    private static int epochOf(Path checkpoint) {
        Matcher matcher = COMPLETE.matcher(checkpoint.getFileName().toString());
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private void cleanPartials() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path partial : entries.filter(p -> p.getFileName().toString().startsWith(PARTIAL_PREFIX))
                    .toList()) {
                LOG.warn("Removing partial checkpoint {} left by an interrupted write", partial);
                deleteTree(partial);
            }
        }
    }

    private void prune() throws IOException {
        List<Path> complete = complete();
        for (int i = 0; i < complete.size() - retain; i++) {
            deleteTree(complete.get(i));
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the checkpoint volume cannot rename atomically (" + e.getMessage() + ")", e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
