package dev.fovea.trainer.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a directory's files can differ from what was written is found, naming the file and what is wrong. */
class FileManifestTest {

    @TempDir
    Path directory;

    private final byte[] parameters = new byte[20_000];

    @BeforeEach
    void writtenDirectory() throws IOException {
        new Random(3).nextBytes(parameters);
        Files.write(directory.resolve("parameters.params"), parameters);
        Files.createDirectories(directory.resolve("extra"));
        Files.writeString(directory.resolve("extra/classes.txt"), "cat\ndog\n");
        Files.writeString(directory.resolve(".staging-leftover"), "hidden entries are not part of the set");
        FileManifest.write(directory);
    }

    @Test
    void anIntactDirectoryVerifies() throws IntegrityException {
        FileManifest manifest = FileManifest.verify(directory);

        assertThat(manifest.files()).containsOnlyKeys("extra/classes.txt", "parameters.params");
        assertThat(manifest.files().get("parameters.params").bytes()).isEqualTo(20_000);
    }

    @Test
    void aDirectoryReachedThroughASymbolicLinkVerifies(@TempDir Path elsewhere) throws IOException, IntegrityException {
        Path link = Files.createSymbolicLink(elsewhere.resolve("model"), directory);

        FileManifest manifest = FileManifest.verify(link);

        assertThat(manifest.files()).containsOnlyKeys("extra/classes.txt", "parameters.params");
    }

    @Test
    void aFewKilobytesOfRandomBytesAreFound() throws IOException {
        byte[] noise = new byte[3000];
        new Random(5).nextBytes(noise);
        try (RandomAccessFile file =
                new RandomAccessFile(directory.resolve("parameters.params").toFile(), "rw")) {
            file.seek(8000);
            file.write(noise);
        }

        assertThatThrownBy(() -> FileManifest.verify(directory)).isInstanceOfSatisfying(IntegrityException.class, e -> {
            assertThat(e.file()).isEqualTo("parameters.params");
            assertThat(e.reason()).startsWith("is damaged: its SHA-256 is ");
        });
    }

    @Test
    void aTruncatedFileIsFound() throws IOException {
        Files.write(directory.resolve("parameters.params"), java.util.Arrays.copyOf(parameters, 1024));

        assertThatThrownBy(() -> FileManifest.verify(directory))
                .hasMessage("parameters.params is truncated: 1024 bytes, manifest.json lists 20000");
    }

    @Test
    void anEmptyFileIsFound() throws IOException {
        Files.write(directory.resolve("parameters.params"), new byte[0]);

        assertThatThrownBy(() -> FileManifest.verify(directory))
                .hasMessage("parameters.params is empty: 0 bytes, manifest.json lists 20000");
    }

    @Test
    void aDeletedFileIsFound() throws IOException {
        Files.delete(directory.resolve("extra/classes.txt"));

        assertThatThrownBy(() -> FileManifest.verify(directory))
                .hasMessage("extra/classes.txt is missing (manifest.json lists 8 bytes)");
    }

    @Test
    void aFileThatWasNotWrittenWithTheOthersIsFound() throws IOException {
        Files.writeString(directory.resolve("model-0001.params"), "stray");

        assertThatThrownBy(() -> FileManifest.verify(directory))
                .isInstanceOfSatisfying(
                        IntegrityException.class, e -> assertThat(e.file()).isEqualTo("model-0001.params"))
                .hasMessageContaining("is not listed in manifest.json");
    }

    @Test
    void aDirectoryWithoutItsManifestWasNotCompletelyWritten() throws IOException {
        Files.delete(directory.resolve(FileManifest.FILE_NAME));

        assertThatThrownBy(() -> FileManifest.verify(directory))
                .hasMessageStartingWith("manifest.json is missing: the directory was not completely written");
    }

    @Test
    void aDamagedManifestIsFound() throws IOException {
        Files.writeString(directory.resolve(FileManifest.FILE_NAME), "{\"files\": {\"parameters.params\": ");

        assertThatThrownBy(() -> FileManifest.verify(directory))
                .isInstanceOfSatisfying(
                        IntegrityException.class, e -> assertThat(e.file()).isEqualTo(FileManifest.FILE_NAME))
                .hasMessageContaining("is not a manifest");
    }
}
