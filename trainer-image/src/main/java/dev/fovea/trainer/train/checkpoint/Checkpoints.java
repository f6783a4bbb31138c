package dev.fovea.trainer.train.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Saves and restores the whole training state: each {@link CheckpointPart} (parameters, optimizer state) as its own
 * file, and the {@link CheckpointState} as {@code state.json}, through the atomic {@link CheckpointStore}.
 */
public final class Checkpoints {

    static final String STATE_FILE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CheckpointStore store;
    private final List<CheckpointPart> parts;

    public Checkpoints(CheckpointStore store, List<CheckpointPart> parts) {
        this.store = store;
        this.parts = List.copyOf(parts);
    }

    /** Fails now, not after the first epochs, when checkpoints cannot be written. */
    public void checkWritable() {
        store.checkWritable();
    }

    /** Writes the checkpoint taken after epoch {@code state.nextEpoch() - 1}; returns its directory. */
    public Path save(CheckpointState state) {
        return store.write(state.nextEpoch() - 1, directory -> {
            for (CheckpointPart part : parts) {
                try (DataOutputStream out = new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(directory.resolve(part.fileName()))))) {
                    part.save(out);
                }
            }
            JSON.writeValue(directory.resolve(STATE_FILE).toFile(), state);
        });
    }

    /** A checkpoint a run resumed from. */
    public record Restored(Path directory, CheckpointState state) {}

    /** Loads every part from the newest complete checkpoint and returns its state, or empty when there is none. */
    public Optional<Restored> restoreNewest() {
        return store.newest().map(directory -> new Restored(directory, restore(directory)));
    }

    private CheckpointState restore(Path directory) {
        try {
            for (CheckpointPart part : parts) {
                try (DataInputStream in = new DataInputStream(
                        new BufferedInputStream(Files.newInputStream(directory.resolve(part.fileName()))))) {
                    part.load(in);
                }
            }
            return JSON.readValue(directory.resolve(STATE_FILE).toFile(), CheckpointState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resume from checkpoint " + directory + ": " + e.getMessage(), e);
        }
    }
}
