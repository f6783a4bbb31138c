package dev.fovea.trainer.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    private static final Set<String> JSON_LINES_NAMES =
            Set.of(JSON_LINES_TYPE, "application/x-jsonlines", "application/jsonl");

    private final String mediaType;

    ResponseFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * The format an {@code Accept} header asks for (RFC 9110, 12.5.1): each format takes the weight {@code q} of the
     * most specific range naming it ({@code application/json} before {@code application/*} before {@code *}{@code /*}),
     * {@code q=0} refuses it, and the heaviest wins; on a tie the one listed first, JSON when a wildcard names both.
     * {@code null} or blank means JSON. Empty when every format Fovea can write is refused or not named.
     */
    public static Optional<ResponseFormat> negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(JSON);
        }
        Match[] matches = new Match[values().length];
        String[] ranges = accept.split(",");
        for (int position = 0; position < ranges.length; position++) {
            String[] parts = ranges[position].split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double weight = weight(parts);
            for (ResponseFormat format : values()) {
                int specificity = format.specificity(type);
                Match known = matches[format.ordinal()];
                if (specificity >= 0 && (known == null || specificity > known.specificity())) {
                    matches[format.ordinal()] = new Match(format, specificity, weight, position);
                }
            }
        }
        return Arrays.stream(matches)
                .filter(match -> match != null && match.weight() > 0)
                .min(Comparator.comparingDouble(Match::weight)
                        .reversed()
                        .thenComparingInt(Match::position)
                        .thenComparing(Match::format))
                .map(Match::format);
    }

    /** A format named by one range of an {@code Accept} header. */
    private record Match(ResponseFormat format, int specificity, double weight, int position) {}

    /** How specifically {@code type} names this format: 2 by its name, 1 {@code application/*}, 0 any; else -1. */
    private int specificity(String type) {
        return switch (type) {
            case "*/*" -> 0;
            case "application/*" -> 1;
            default -> {
                boolean named = this == JSON ? type.equals(mediaType) : JSON_LINES_NAMES.contains(type);
                yield named ? 2 : -1;
            }
        };
    }

    /** The range's {@code q} parameter, 1 without one; a malformed one refuses the range (0). */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].strip().equalsIgnoreCase("q")) {
                try {
                    double q = Double.parseDouble(parameter[1].strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
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
