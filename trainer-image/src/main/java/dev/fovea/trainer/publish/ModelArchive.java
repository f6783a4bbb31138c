package dev.fovea.trainer.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * SageMaker's {@code model.tar.gz}: a gzip tarball of the model directory's contents, entry names relative to the
 * directory ({@code model-symbol.json}, not {@code model/model-symbol.json}), in name order so the same directory
 * gives the same entries.
 */
public final class ModelArchive {

    /** The tarball's file name, as SageMaker names it under {@code <S3OutputPath>/<job>/output/}. */
    public static final String FILE_NAME = "model.tar.gz";

    private ModelArchive() {}

    /** Writes the tarball of {@code directory}'s files and subdirectories to {@code target}. */
    public static void write(Path directory, Path target) throws IOException {
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
}
