package dev.fovea.trainer.train.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path root;

    private static CheckpointStore.DirectoryWriter file(String name, String content) {
        return directory -> Files.writeString(directory.resolve(name), content);
    }

    @Test
    void theNewestCompleteCheckpointWinsAndPartialOnesAreCleaned() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 5);
        store.write(1, file("state.json", "one"));
        store.write(12, file("state.json", "twelve"));
        store.write(3, file("state.json", "three"));
        Path partial = Files.createDirectories(root.resolve(".partial-epoch-0013-42"));
        Files.writeString(partial.resolve("state.json"), "{");

        assertThat(store.newest()).contains(root.resolve("epoch-0012"));
        assertThat(partial).doesNotExist();
    }

    @Test
    void aWriteThatFailsLeavesNoCompleteCheckpointAndFailsLoudly() {
        CheckpointStore store = new CheckpointStore(root, 5);
        assertThatThrownBy(() -> store.write(2, directory -> {
                    Files.writeString(directory.resolve("parameters.params"), "half");
                    throw new IOException("disk full");
                }))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("disk full")
                .hasMessageContaining("epoch-0002");

        assertThat(root.resolve("epoch-0002")).doesNotExist();
        assertThat(store.newest()).isEmpty();
    }

    @Test
    void rewritingAnEpochReplacesItAndOldCheckpointsArePruned() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 2);
        store.write(0, file("state.json", "first try"));
        store.write(0, file("state.json", "second try"));
        store.write(1, file("state.json", "1"));
        store.write(2, file("state.json", "2"));

        assertThat(root.resolve("epoch-0000")).doesNotExist();
        assertThat(Files.readString(root.resolve("epoch-0002/state.json"))).isEqualTo("2");
        assertThat(store.newest()).contains(root.resolve("epoch-0002"));
    }

    @Test
    void noDirectoryMeansNothingToResume() {
        assertThat(new CheckpointStore(root.resolve("absent"), 3).newest()).isEmpty();
    }
}
