package dev.fovea.api.contract;

import dev.fovea.api.status.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a trainer container's termination message: the trainer writes its final {@link Progress} there (also when it
 * fails, with the reason in {@link Progress#failure()}), cut to {@link Progress#TERMINATION_MESSAGE_LIMIT_BYTES}; with
 * {@code FallbackToLogsOnError} Kubernetes puts the log's tail there when the trainer wrote nothing. The operator reads
 * it from the pod's status, local mode from the file it named in {@link ContainerEnvironment#TERMINATION_LOG}.
 */
public final class TerminationMessages {

    /** Where a container writes its termination message unless the pod names another path: the trainer's default. */
    public static final String DEFAULT_PATH = "/dev/termination-log";

    private static final int MAX_REASON_LENGTH = 512;
    private static final String CLIENT_ERROR_PREFIX = "ClientError:";

    private TerminationMessages() {}

    /** The final progress the message holds; empty when there is none (no message, a log tail, other JSON). */
    public static Optional<Progress> progress(String message) {
        if (message == null || !message.strip().startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Progress.fromJson(message));
        } catch (IllegalArgumentException notProgress) {
            return Optional.empty();
        }
    }

    /** The final progress in {@code file}; empty when the file is missing or holds no progress. */
    public static Optional<Progress> read(Path file) throws IOException {
        return Files.exists(file) ? progress(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** The failure reason: the progress's {@code failure} if the message is progress with one, else its last line. */
    public static String failureReason(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        Optional<String> reported = progress(message).map(Progress::failure).filter(reason -> !reason.isBlank());
        if (reported.isPresent()) {
            return shorten(reported.get());
        }
        String[] lines = message.strip().split("\\R");
        return shorten(lines[lines.length - 1].strip());
    }

    /** Removes a leading {@code ClientError:} so the operator's own prefix is not doubled. */
    public static String withoutClientErrorPrefix(String reason) {
        return reason.startsWith(CLIENT_ERROR_PREFIX)
                ? reason.substring(CLIENT_ERROR_PREFIX.length()).strip()
                : reason;
    }

    private static String shorten(String text) {
        return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH) + "…";
    }
}
