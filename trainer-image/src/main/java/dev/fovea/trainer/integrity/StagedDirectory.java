package dev.fovea.trainer.integrity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replaces what a directory holds without ever showing a half-written file, for a directory that must stay where it
 * is (the model directory {@code /opt/ml/model} is a volume's mount point, which cannot be renamed): the new files
 * and their {@link FileManifest} are written into a hidden staging directory inside it, then renamed into place one
 * by one, the manifest last. A write that fails (a full disk, say) removes the staging directory and leaves the old
 * contents as they were; a reader that finds files without a manifest knows the moves were interrupted.
 */
public final class StagedDirectory {

    private static final String STAGING_PREFIX = ".staging-";

    private StagedDirectory() {}

    /** Writes {@code writer}'s files into {@code directory} in place of what it held. */
    public static void replaceContents(Path directory, DirectoryWriter writer) throws IOException {
        Files.createDirectories(directory);
        for (Path leftover : entries(directory, true)) {
            Directories.deleteTree(leftover);
        }
        Path staging = Files.createTempDirectory(directory, STAGING_PREFIX);
        try {
            writer.writeInto(staging);
            FileManifest.write(staging);
        } catch (IOException | RuntimeException e) {
            Directories.deleteAfterFailure(staging, e);
            throw e;
        }
        Path manifest = directory.resolve(FileManifest.FILE_NAME);
        Files.deleteIfExists(manifest);
        for (Path old : entries(directory, false)) {
            Directories.deleteTree(old);
        }
        for (Path staged : entries(staging, false)) {
            if (!staged.getFileName().toString().equals(FileManifest.FILE_NAME)) {
                Files.move(staged, directory.resolve(staged.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(staging.resolve(FileManifest.FILE_NAME), manifest, StandardCopyOption.ATOMIC_MOVE);
        Directories.sync(directory);
        Directories.deleteTree(staging);
    }

    /** The top-level entries of {@code directory}: the staging leftovers, or everything else. */
    private static List<Path> entries(Path directory, boolean staging) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(path -> path.getFileName().toString().startsWith(STAGING_PREFIX) == staging)
                    .toList();
        }
    }
}
