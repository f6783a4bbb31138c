package dev.fovea.trainer.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.contract.TerminationMessages;
import dev.fovea.api.status.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the final progress JSON as the container's termination message, so the job's status survives its pods
 * ({@link TerminationMessages} reads it). Kubernetes keeps at most 4 KiB. The path comes from
 * {@code FOVEA_TERMINATION_LOG}; when it is unset and the default {@code /dev/termination-log} cannot be written (a
 * local run, outside a pod) nothing is written.
 */
public final class TerminationMessage {

    private static final int LIMIT_BYTES = Progress.TERMINATION_MESSAGE_LIMIT_BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(TerminationMessage.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final boolean explicit;

    private TerminationMessage(Path path, boolean explicit) {
        this.path = path;
        this.explicit = explicit;
    }

    /** The path {@code FOVEA_TERMINATION_LOG} names, or Kubernetes' default. */
    public static TerminationMessage fromEnvironment(String configuredPath) {
        return configuredPath == null || configuredPath.isBlank()
                ? new TerminationMessage(Path.of(TerminationMessages.DEFAULT_PATH), false)
                : new TerminationMessage(Path.of(configuredPath), true);
    }

    /** Writes {@code progress} as JSON, cut to 4 KiB. */
    public void write(Object progress) {
        if (!explicit && !Files.isWritable(path)) {
            LOG.debug("No termination message: {} is not writable outside a pod", path);
            return;
        }
        try {
            Files.write(path, truncate(JSON.writeValueAsBytes(progress)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the final progress: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot write the termination message to " + path + ": " + e.getMessage(), e);
        }
    }

    private static byte[] truncate(byte[] json) {
        if (json.length <= LIMIT_BYTES) {
            return json;
        }
        LOG.warn("Final progress is {} bytes; the termination message keeps the first {}", json.length, LIMIT_BYTES);
        return Arrays.copyOf(json, LIMIT_BYTES);
    }
}
