package dev.fovea.trainer.integrity;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deleting directory trees: what a failed or abandoned write leaves behind must not keep a volume full. */
public final class Directories {

    private static final Logger LOG = LoggerFactory.getLogger(Directories.class);

    private Directories() {}

    /** Makes the renames in {@code directory} durable; a file system that cannot sync a directory skips it. */
    public static void sync(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every file system syncs directories; the rename itself is still atomic
        }
    }

    /** Deletes {@code path} and everything below it; a path that is already gone is fine. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Deletes what a failed write left, after {@code failure}: a second error is added to the first as suppressed and
     * logged, never thrown in its place.
     */
    public static void deleteAfterFailure(Path path, Throwable failure) {
        try {
            deleteTree(path);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            LOG.warn("Could not remove {} after a failed write: {}", path, e.getMessage());
        }
    }
}
