package dev.fovea.trainer;

import dev.fovea.api.contract.ContractException;
import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.hyperparameters.InvalidHyperParametersException;
import dev.fovea.trainer.exchange.PeerLostException;
import dev.fovea.trainer.stop.StopRequest;
import dev.fovea.trainer.stop.TrainingStopped;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/**
 * Turns whatever ended a training run into the exit code the operator acts on and the one-line reason it copies
 * into the job's status ({@code output/failure}): a user's error is not worth a retry, a lost peer is worth a gang
 * restart, anything else is an algorithm or infrastructure error that may be retried.
 *
 * <p>The contract files ({@code hyperparameters.json}, {@code inputdataconfig.json}, {@code resourceconfig.json}) are
 * the user's job spec, so a {@link ContractException} or {@link InvalidHyperParametersException} about them is a
 * client error too.
 *
 * @param exitCode 2 for a client error, 3 for a lost peer, 128 + the signal for a requested stop, 1 otherwise
 * @param reason the line written to {@code output/failure}
 */
public record TrainerFailure(int exitCode, String reason) {

    /** Any failure that is neither the user's nor a lost peer: worth a retry. */
    public static final int ALGORITHM_ERROR = 1;

    /**
     * Like {@link #of(Throwable)}, but a failure after a stop request is that stop: a peer that stopped first, or a
     * wait the stop interrupted, is what stopping looks like from here.
     */
    public static TrainerFailure of(Throwable error, StopRequest stop) {
        return stop.reason()
                .filter(reason -> !(error instanceof TrainingStopped))
                .map(reason -> new TrainerFailure(
                        reason.exitCode(),
                        "Terminated: stopped by " + reason.why() + " (" + oneLine(error.getMessage()) + ")"))
                .orElseGet(() -> of(error));
    }

    /** Classifies {@code error}, looking through wrappers (DJL and executors wrap what the data pipeline throws). */
    public static TrainerFailure of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TrainingStopped stopped) {
                return new TrainerFailure(stopped.exitCode(), "Terminated: " + oneLine(stopped.getMessage()));
            }
            if (cause instanceof ClientError
                    || cause instanceof ContractException
                    || cause instanceof InvalidHyperParametersException) {
                return new TrainerFailure(ExitCodes.CLIENT_ERROR, "ClientError: " + oneLine(cause.getMessage()));
            }
            if (cause instanceof PeerLostException) {
                return new TrainerFailure(ExitCodes.PEER_LOST, "PeerLost: " + oneLine(cause.getMessage()));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return new TrainerFailure(ALGORITHM_ERROR, "AlgorithmError: " + oneLine(describe(error)));
    }

    /**
     * What went wrong, for a person: the message, said in words where Java's is only a path or absent (a missing
     * file, a refused permission, an early end of file), and the exception's type where there is no message at all,
     * so that no reason ends in {@code : null}.
     */
    public static String describe(Throwable error) {
        String message = error.getMessage();
        return switch (error) {
            case NoSuchFileException missing -> "no such file: " + missing.getFile();
            case AccessDeniedException denied -> "permission denied: " + denied.getFile();
            case EOFException eof -> message == null ? "the file ended early" : "the file ended early: " + message;
            default -> message == null || message.isBlank() ? error.getClass().getName() : message;
        };
    }

    /** Writes the reason to {@code output/failure} under {@code root}, creating the directory if needed. */
    public void writeTo(MlRoot root) throws IOException {
        Files.createDirectories(root.outputDir());
        Files.writeString(root.failureFile(), reason + "\n", StandardCharsets.UTF_8);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
