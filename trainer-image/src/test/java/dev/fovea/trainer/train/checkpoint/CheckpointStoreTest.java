package dev.fovea.trainer.train.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.integrity.DirectoryWriter;
import dev.fovea.trainer.integrity.FileManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path root;

    private static DirectoryWriter file(String name, String content) {
        return directory -> Files.writeString(directory.resolve(name), content);
    }

    @Test
    void checkpointsAreListedNewestFirstAndTheWriterCleansPartialOnes() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 5);
        store.write(1, file("state.json", "one"));
        store.write(3, file("state.json", "three"));
        store.write(12, file("state.json", "twelve"));
        Path partial = Files.createDirectories(root.resolve(".partial-epoch-0013-42"));
        Files.writeString(partial.resolve("state.json"), "{");

        store.prepareForWriting();

        assertThat(store.epochs()).containsExactly(12, 3, 1);
        assertThat(partial).doesNotExist();
    }

    @Test
    void everyCheckpointCarriesTheManifestOfItsFiles() throws Exception {
        Path written = new CheckpointStore(root, 3).write(4, file("state.json", "{}"));

        assertThat(written).isEqualTo(root.resolve("epoch-0004"));
        assertThat(FileManifest.verify(written).files()).containsOnlyKeys("state.json");
    }

    /** Disk full: a write that fails removes its partial directory at once instead of keeping the volume full. */
    @Test
    void aWriteThatFailsLeavesNothingBehindAndFailsLoudly() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 5);
        store.write(1, file("state.json", "1"));

        assertThatThrownBy(() -> store.write(2, directory -> {
                    Files.write(directory.resolve("parameters.params"), new byte[4096]);
                    throw new IOException("No space left on device");
                }))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("epoch-0002");

        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).extracting(path -> path.getFileName().toString()).containsExactly("epoch-0001");
        }
        assertThat(store.epochs()).containsExactly(1);
    }

    @Test
    void rewritingAnEpochReplacesItAndOldCheckpointsArePruned() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 2);
        store.write(0, file("state.json", "first try"));
        store.write(0, file("state.json", "second try"));
        store.write(1, file("state.json", "1"));
        store.write(2, file("state.json", "2"));

        assertThat(store.epochs()).containsExactly(2, 1);
        assertThat(Files.readString(root.resolve("epoch-0002/state.json"))).isEqualTo("2");
    }

    /**
     * A run that resumed from an older checkpoint (the newer ones damaged) abandons the newer ones: they are removed
     * when it writes, and never push the checkpoint it just wrote out of rotation.
     */
    @Test
    void checkpointsOfAnAbandonedLaterRunNeverRotateTheNewestGoodOneOut() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 3);
        for (int epoch = 4; epoch <= 6; epoch++) {
            store.write(epoch, file("state.json", "old run " + epoch));
        }

        store.write(5, file("state.json", "resumed from 4"));

        assertThat(store.epochs()).containsExactly(5, 4);
        assertThat(Files.readString(root.resolve("epoch-0005/state.json"))).isEqualTo("resumed from 4");
        assertThat(CheckpointRetention.obsolete(List.of(9, 2, 8, 3, 1), 3, 2)).containsExactlyInAnyOrder(9, 8, 1);
    }

    @Test
    void aDownloadedCheckpointIsPlacedWhole() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 3);

        Path adopted = store.adopt(6, file("state.json", "from S3"));

        assertThat(adopted).isEqualTo(root.resolve("epoch-0006"));
        assertThat(Files.readString(adopted.resolve("state.json"))).isEqualTo("from S3");
        assertThatThrownBy(() -> store.adopt(7, directory -> {
                    throw new IOException("connection reset");
                }))
                .hasMessageContaining("connection reset");
        assertThat(store.epochs()).containsExactly(6);
    }

    /** Hosts sharing one checkpoint volume may download the same epoch at once: the first copy placed stays. */
    @Test
    void aCopyAnotherHostPlacedDuringTheDownloadStays() throws IOException {
        CheckpointStore store = new CheckpointStore(root, 3);
        CheckpointStore otherHost = new CheckpointStore(root, 3);

        Path adopted = store.adopt(6, directory -> {
            otherHost.adopt(6, file("state.json", "the other host's"));
            Files.writeString(directory.resolve("state.json"), "this host's");
        });

        assertThat(Files.readString(adopted.resolve("state.json"))).isEqualTo("the other host's");
        store.adopt(6, file("state.json", "a fresh copy for a damaged one"));
        assertThat(Files.readString(adopted.resolve("state.json"))).isEqualTo("a fresh copy for a damaged one");
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries).containsExactly(adopted);
        }
    }

    @Test
    void noDirectoryMeansNothingToResume() {
        assertThat(new CheckpointStore(root.resolve("absent"), 3).epochs()).isEmpty();
    }
}
