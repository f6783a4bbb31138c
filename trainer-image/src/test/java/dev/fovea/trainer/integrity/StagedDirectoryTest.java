package dev.fovea.trainer.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model directory is replaced whole or not at all: never a half-written file without its description. */
class StagedDirectoryTest {

    @TempDir
    Path model;

    @Test
    void theNewFilesReplaceTheOldOnesWithTheirManifest() throws Exception {
        StagedDirectory.replaceContents(model, files("model-0000.params", "old", "model.json", "{\"old\": 1}"));

        StagedDirectory.replaceContents(model, files("model-0001.params", "new", "model.json", "{\"new\": 1}"));

        assertThat(entries()).containsExactlyInAnyOrder("model-0001.params", "model.json", FileManifest.FILE_NAME);
        assertThat(FileManifest.verify(model).files()).containsOnlyKeys("model-0001.params", "model.json");
    }

    /** Disk full while writing the parameters: nothing half-written appears, and the earlier model stays intact. */
    @Test
    void aWriteThatFailsLeavesTheDirectoryAsItWas() throws Exception {
        StagedDirectory.replaceContents(model, files("model-0000.params", "good", "model.json", "{}"));

        assertThatThrownBy(() -> StagedDirectory.replaceContents(model, staging -> {
                    Files.write(staging.resolve("model-0000.params"), new byte[8192]);
                    throw new IOException("No space left on device");
                }))
                .hasMessage("No space left on device");

        assertThat(entries()).containsExactlyInAnyOrder("model-0000.params", "model.json", FileManifest.FILE_NAME);
        assertThat(Files.readString(model.resolve("model-0000.params"))).isEqualTo("good");
        FileManifest.verify(model);
    }

    @Test
    void aFirstWriteThatFailsLeavesAnEmptyDirectory() throws IOException {
        assertThatThrownBy(() -> StagedDirectory.replaceContents(model, staging -> {
                    Files.writeString(staging.resolve("model-0000.params"), "half");
                    throw new IOException("No space left on device");
                }))
                .isInstanceOf(IOException.class);

        assertThat(entries()).isEmpty();
    }

    private static DirectoryWriter files(String name, String content, String other, String otherContent) {
        return directory -> {
            Files.writeString(directory.resolve(name), content);
            Files.writeString(directory.resolve(other), otherContent);
        };
    }

    private java.util.List<String> entries() throws IOException {
        try (Stream<Path> entries = Files.list(model)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }
}
