package dev.fovea.trainer.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * SageMaker's {@code model.tar.gz}: a gzip tarball of the model directory's contents, entry names relative to the
 * directory ({@code model-symbol.json}, not {@code model/model-symbol.json}), in name order so the same directory
 * gives the same entries. {@link #extract} unpacks one, SageMaker's or Fovea's.
 */
public final class ModelArchive {

    /** The tarball's file name, as SageMaker names it under {@code <S3OutputPath>/<job>/output/}. */
    public static final String FILE_NAME = "model.tar.gz";

    private ModelArchive() {}

    /**
     * Writes the tarball of {@code directory}'s files and subdirectories to {@code target}, whole or not at all (an
     * earlier tarball there is replaced).
     */
    public static void write(Path directory, Path target) throws IOException {
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        try {
            writeTo(directory, partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void writeTo(Path directory, Path target) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.filter(path -> !path.equals(directory)).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(target);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path path : paths) {
                String name = directory.relativize(path).toString().replace('\\', '/');
                TarArchiveEntry entry = tar.createArchiveEntry(path, name);
                tar.putArchiveEntry(entry);
                if (Files.isRegularFile(path)) {
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    /**
     * Unpacks the gzip tarball {@code tarball} into {@code directory} (created if need be): its directories and
     * regular files; links and other special entries are skipped.
     *
     * @throws IOException when the file is not a gzip tarball, or an entry would land outside {@code directory}
     */
    public static void extract(Path tarball, Path directory) throws IOException {
        Path root = Files.createDirectories(directory).toRealPath();
        try (InputStream file = Files.newInputStream(tarball);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("the entry " + entry.getName() + " of " + tarball + " points outside the "
                            + "folder it is unpacked into");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                }
            }
        }
    }
}
