package dev.fovea.trainer;

import dev.fovea.trainer.exchange.PeerLostException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns whatever ended a training run into the exit code the operator acts on and the one-line reason it copies
 * into the job's status ({@code output/failure}): a user's error is not worth a retry, a lost peer is worth a gang
 * restart, anything else is an algorithm or infrastructure error that may be retried.
 *
 * @param exitCode 2 for a client error, 3 for a lost peer, 1 otherwise
 * @param reason the line written to {@code output/failure}
 */
public record TrainerFailure(int exitCode, String reason) {

    public static final int CLIENT_ERROR = 2;
    public static final int PEER_LOST = 3;
    public static final int ALGORITHM_ERROR = 1;

    /** Classifies {@code error}, looking through wrappers (DJL and executors wrap what the data pipeline throws). */
    public static TrainerFailure of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClientError || isInvalidHyperParameters(cause)) {
                return new TrainerFailure(CLIENT_ERROR, "ClientError: " + oneLine(cause.getMessage()));
            }
            if (cause instanceof PeerLostException) {
                return new TrainerFailure(PEER_LOST, "PeerLost: " + oneLine(cause.getMessage()));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        return new TrainerFailure(ALGORITHM_ERROR, "AlgorithmError: " + oneLine(message));
    }

    private static boolean isInvalidHyperParameters(Throwable error) {
        return error instanceof IllegalArgumentException
                && error.getClass().getSimpleName().equals("InvalidHyperParametersException");
    }

    /** Writes the reason to {@code output/failure}, creating the directory if needed. */
    public void writeTo(Path outputDirectory) throws IOException {
        Files.createDirectories(outputDirectory);
        Files.writeString(outputDirectory.resolve("failure"), reason + "\n", StandardCharsets.UTF_8);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
