package dev.fovea.trainer.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A gzip tarball ({@link ModelArchive}) unpacked into a temporary folder, removed again by {@link #close}. */
public final class UnpackedArchive implements AutoCloseable {

    private final Path folder;

    private UnpackedArchive(Path folder) {
        this.folder = folder;
    }

    /**
     * Unpacks {@code tarball}; nothing is left behind when that fails.
     *
     * @throws IOException when it is not a gzip tarball or an entry would land outside the folder
     */
    public static UnpackedArchive of(Path tarball) throws IOException {
        UnpackedArchive unpacked = new UnpackedArchive(Files.createTempDirectory("fovea-model"));
        try {
            ModelArchive.extract(tarball, unpacked.folder);
            return unpacked;
        } catch (IOException | RuntimeException e) {
            unpacked.close();
            throw e;
        }
    }

    /** The folder the tarball's entries are in. */
    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the unpacked model in " + folder + ": " + e.getMessage(), e);
        }
    }
}
