package dev.fovea.trainer;

/**
 * A failure caused by the user's input (hyperparameters, data, labels, channel layout): retrying cannot fix it.
 * The trainer turns it into exit code 2 and a {@code ClientError: <message>} line in {@code output/failure}, which
 * the operator copies into the job's Failed condition. The message must name the field or file, the value, and
 * what is allowed.
 */
public class ClientError extends RuntimeException {

    public ClientError(String message) {
        super(message);
    }

    public ClientError(String message, Throwable cause) {
        super(message, cause);
    }
}
