package dev.fovea.cli.local;

import dev.fovea.api.status.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The mark of a work directory whose job succeeded: rank 0's final progress. Running the job again reports it instead
 * of starting a gang that would find nothing left to train; {@code --fresh} clears the directory to train again.
 */
final class FinishedRun {

    private FinishedRun() {}

    static void mark(Path file, Progress finalProgress) throws IOException {
        Files.writeString(file, finalProgress == null ? "{}" : finalProgress.toJson(), StandardCharsets.UTF_8);
    }

    /** The final progress of the run that finished here; empty when none did. */
    static Optional<Progress> of(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(Progress.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    }
}
