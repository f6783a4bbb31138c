package dev.fovea.operator.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a container's termination message into one line a person can read. The trainer writes either its final
 * progress JSON or the reason of a failure there; with {@code FallbackToLogsOnError} it may also be the log tail.
 */
public final class TerminationMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON_LENGTH = 512;
    private static final String[] REASON_FIELDS = {"failure", "reason", "message", "error"};

    private TerminationMessages() {}

    /** The failure reason: a JSON reason field if the message is JSON, else its last non-blank line. */
    public static String failureReason(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String trimmed = message.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                for (String field : REASON_FIELDS) {
                    if (node.hasNonNull(field) && node.get(field).isTextual()) {
                        return shorten(node.get(field).asText());
                    }
                }
            } catch (Exception notJson) {
                // fall through: treat it as plain text
            }
        }
        String[] lines = trimmed.split("\\R");
        return shorten(lines[lines.length - 1].strip());
    }

    /** Removes a leading {@code ClientError:} so the operator's own prefix is not doubled. */
    public static String withoutClientErrorPrefix(String reason) {
        String prefix = "ClientError:";
        return reason.startsWith(prefix) ? reason.substring(prefix.length()).strip() : reason;
    }

    private static String shorten(String text) {
        return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH) + "…";
    }
}
