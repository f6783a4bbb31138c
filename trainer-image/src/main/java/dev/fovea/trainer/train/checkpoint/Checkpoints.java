package dev.fovea.trainer.train.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.integrity.FileManifest;
import dev.fovea.trainer.integrity.IntegrityException;
import dev.fovea.trainer.train.checkpoint.Resumption.Restored;
import dev.fovea.trainer.train.checkpoint.Resumption.Skipped;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves and restores the whole training state: each {@link CheckpointPart} (parameters, optimizer state) as its own
 * file and the {@link CheckpointState} as {@code state.json}, through the atomic {@link CheckpointStore}, and through
 * the {@link CheckpointMirror} when the job keeps its checkpoints in S3.
 *
 * <p>A run resumes from the newest checkpoint that is intact (its {@link FileManifest} matches every file) and fits the
 * job ({@link CheckpointState#problemFor}); each newer one is skipped with a warning naming the file at fault and why,
 * and with none left the run starts over. Every check comes before anything is loaded.
 */
public final class Checkpoints {

    static final String STATE_FILE = "state.json";
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CheckpointStore store;
    private final List<CheckpointPart> parts;
    private final Optional<CheckpointMirror> mirror;

    public Checkpoints(CheckpointStore store, List<CheckpointPart> parts, Optional<CheckpointMirror> mirror) {
        this.store = store;
        this.parts = List.copyOf(parts);
        this.mirror = mirror;
    }

    /** Writes the checkpoint taken after epoch {@code state.nextEpoch() - 1}, then its copy; returns its directory. */
    public Path save(CheckpointState state) {
        int epoch = state.nextEpoch() - 1;
        Path directory = store.write(epoch, partial -> {
            for (CheckpointPart part : parts) {
                try (DataOutputStream out = new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(partial.resolve(part.fileName()))))) {
                    part.save(out);
                }
            }
            JSON.writeValue(partial.resolve(STATE_FILE).toFile(), state);
        });
        mirror.ifPresent(copies -> {
            copies.upload(epoch, directory);
            copies.prune(epoch, store.retain());
        });
        return directory;
    }

    /**
     * Loads the newest checkpoint that is intact and fits a job of {@code epochs} epochs with {@code signature},
     * fetching copies the local volume lacks from the mirror.
     *
     * @throws IllegalStateException when a verified checkpoint failed to load part-way and no other one could take
     *     its place, which leaves the network neither fresh nor restored
     */
    public Resumption restore(NetworkSignature signature, int epochs) {
        List<Integer> local = store.epochs();
        List<Integer> remote = mirror.map(CheckpointMirror::completeEpochs).orElse(List.of());
        TreeSet<Integer> newestFirst = new TreeSet<>(Comparator.reverseOrder());
        newestFirst.addAll(local);
        newestFirst.addAll(remote);
        Search search = new Search(signature, epochs);
        for (int epoch : newestFirst) {
            if (local.contains(epoch)
                    && search.tried(
                            store.directory(epoch), store.directory(epoch).toString())) {
                break;
            }
            if (remote.contains(epoch)) {
                CheckpointMirror copies = mirror.orElseThrow();
                Path downloaded = store.adopt(epoch, into -> copies.download(epoch, into));
                if (search.tried(downloaded, copies.location() + CheckpointStore.name(epoch))) {
                    break;
                }
            }
        }
        return search.result();
    }

    /** The candidates tried so far, newest first: the one restored, or those skipped. */
    private final class Search {

        private final NetworkSignature signature;
        private final int epochs;
        private final List<Skipped> skipped = new ArrayList<>();
        private Restored restored;
        private Skipped partlyLoaded;

        Search(NetworkSignature signature, int epochs) {
            this.signature = signature;
            this.epochs = epochs;
        }

        /** Verifies, checks and loads the checkpoint in {@code directory}; returns whether it was restored. */
        boolean tried(Path directory, String where) {
            try {
                FileManifest manifest = FileManifest.verify(directory);
                for (CheckpointPart part : parts) {
                    if (!manifest.lists(part.fileName())) {
                        return skip(where, part.fileName() + " is missing (this job's checkpoints have one)");
                    }
                }
                CheckpointState state =
                        JSON.readValue(directory.resolve(STATE_FILE).toFile(), CheckpointState.class);
                Optional<String> problem = state.problemFor(signature, epochs);
                if (problem.isPresent()) {
                    return skip(where, problem.get());
                }
                return load(directory, where, state);
            } catch (IntegrityException e) {
                return skip(where, e.getMessage());
            } catch (JsonProcessingException e) {
                return skip(where, STATE_FILE + " is not a checkpoint state: " + e.getOriginalMessage());
            } catch (IOException e) {
                return skip(where, STATE_FILE + " cannot be read: " + TrainerFailure.describe(e));
            }
        }

        private boolean load(Path directory, String where, CheckpointState state) {
            for (CheckpointPart part : parts) {
                try (DataInputStream in = new DataInputStream(
                        new BufferedInputStream(Files.newInputStream(directory.resolve(part.fileName()))))) {
                    part.load(in);
                } catch (IOException | RuntimeException e) {
                    skip(where, part.fileName() + " does not load into this network: " + TrainerFailure.describe(e));
                    partlyLoaded = skipped.getLast();
                    return false;
                }
            }
            restored = new Restored(directory, state);
            return true;
        }

        private boolean skip(String where, String reason) {
            LOG.warn("Skipping checkpoint {}: {}", where, reason);
            skipped.add(new Skipped(where, reason));
            return false;
        }

        Resumption result() {
            if (restored == null && partlyLoaded != null) {
                throw new IllegalStateException("Cannot start over: the checkpoint " + partlyLoaded
                        + " passed verification but failed to load part-way, leaving the network half restored");
            }
            return new Resumption(Optional.ofNullable(restored), skipped);
        }
    }
}
