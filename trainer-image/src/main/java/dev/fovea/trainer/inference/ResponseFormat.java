package dev.fovea.trainer.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SageMaker Image Classification's two answers for one image: {@code application/json}, the bare array of class
 * probabilities ({@code [0.01, 0.97, ...]}), and {@code application/jsonlines}, one line {@code {"prediction": [...]}}
 * as batch transform writes it.
 */
public enum ResponseFormat {
    JSON("application/json"),
    JSON_LINES(ResponseFormat.JSON_LINES_TYPE);

    /** Batch transform's format, the default of {@code fovea transform}. */
    public static final String JSON_LINES_TYPE = "application/jsonlines";

    private static final ObjectMapper JSON_WRITER = new ObjectMapper();

    private final String mediaType;

    ResponseFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * The format an {@code Accept} header asks for: the first listed one Fovea can write; {@code null}, blank and
     * wildcards mean JSON. Empty when nothing in the header is supported.
     */
    public static Optional<ResponseFormat> negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(JSON);
        }
        for (String range : accept.split(",")) {
            String type = range.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            switch (type) {
                case "application/json", "*/*", "application/*" -> {
                    return Optional.of(JSON);
                }
                case "application/jsonlines", "application/x-jsonlines", "application/jsonl" -> {
                    return Optional.of(JSON_LINES);
                }
                default -> {
                    // not one of ours; try the next range
                }
            }
        }
        return Optional.empty();
    }

    /** The answer for one image's {@code probabilities}, as UTF-8. */
    public byte[] encode(float[] probabilities) {
        try {
            if (this == JSON) {
                return JSON_WRITER.writeValueAsBytes(probabilities);
            }
            return (JSON_WRITER.writeValueAsString(Map.of("prediction", probabilities)) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an array of floats always serialises", e);
        }
    }
}
