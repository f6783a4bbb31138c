package dev.fovea.trainer.data.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.trainer.ClientError;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * SageMaker's augmented manifest (SageMaker Ground Truth's output): JSON Lines, one image per line, with the image's
 * location under the first of the channel's {@code AttributeNames} ({@code "source-ref": "s3://bucket/key"}) and its
 * label under the second ({@code "class": "3"}, {@code 3}, {@code [1, 0, 1]}, {@code "[1, 0, 1]"} or, with
 * {@code label-format=class-id}, {@code [0, 2]}). Other attributes (such as {@code class-metadata}) are ignored.
 */
public final class AugmentedManifest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AugmentedManifest() {}

    /** Whether a file of this name is read as a manifest: {@code *.manifest} or {@code *.jsonl}. */
    public static boolean hasManifestName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".manifest") || name.endsWith(".jsonl");
    }

    /** The manifests directly inside {@code folder}, in name order. */
    public static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(file -> Files.isRegularFile(file)
                            && hasManifestName(file.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Reads a manifest.
     *
     * @param attributeNames the image attribute, then the label attribute
     * @throws ClientError naming the file and line of a line that is not a JSON object or lacks an attribute
     */
    public static List<ManifestLine> read(Path file, List<String> attributeNames) throws IOException {
        List<ManifestLine> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (!text.isBlank()) {
                    lines.add(parse(text, file + " line " + number, attributeNames));
                }
            }
        }
        if (lines.isEmpty()) {
            throw new ClientError(file + ": the augmented manifest lists no images; each line must be a JSON object"
                    + " such as {\"" + attributeNames.get(0) + "\": \"s3://bucket/image.jpg\", \""
                    + attributeNames.get(1) + "\": \"0\"}");
        }
        return lines;
    }

    /** One line's image reference and label. */
    public static ManifestLine parse(String text, String origin, List<String> attributeNames) {
        JsonNode line = object(text, origin);
        return new ManifestLine(
                imageRef(line, attributeNames.get(0), origin),
                labels(attribute(line, attributeNames.get(1), origin), origin),
                origin);
    }

    /** Just the image reference of a line, for fetching the images a manifest names. */
    public static String imageRef(String text, String origin, String imageAttribute) {
        return imageRef(object(text, origin), imageAttribute, origin);
    }

    private static JsonNode object(String text, String origin) {
        JsonNode line;
        try {
            line = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ClientError(origin + " is not JSON: " + e.getOriginalMessage());
        }
        if (line == null || !line.isObject()) {
            throw new ClientError(origin + " is not a JSON object; an augmented manifest has one object per line");
        }
        return line;
    }

    private static String imageRef(JsonNode line, String imageAttribute, String origin) {
        JsonNode image = attribute(line, imageAttribute, origin);
        if (!image.isTextual()) {
            throw new ClientError(origin + ": attribute " + imageAttribute + " is " + image
                    + ", not an s3:// URI or a relative path");
        }
        return image.asText();
    }

    private static JsonNode attribute(JsonNode line, String name, String origin) {
        JsonNode value = line.get(name);
        if (value == null || value.isNull()) {
            List<String> present = new ArrayList<>();
            line.fieldNames().forEachRemaining(present::add);
            throw new ClientError(origin + " has no attribute " + name + " (it has " + present
                    + "); attributeNames must name the image attribute, then the label attribute");
        }
        return value;
    }

    private static float[] labels(JsonNode label, String origin) {
        if (label.isTextual() && label.asText().strip().startsWith("[")) {
            try {
                return labels(JSON.readTree(label.asText()), origin);
            } catch (JsonProcessingException e) {
                throw new ClientError(origin + ": label '" + label.asText() + "' is not a JSON list");
            }
        }
        if (label.isArray()) {
            float[] values = new float[label.size()];
            Iterator<JsonNode> items = label.elements();
            for (int i = 0; items.hasNext(); i++) {
                values[i] = number(items.next(), origin);
            }
            return values;
        }
        return new float[] {number(label, origin)};
    }

    private static float number(JsonNode value, String origin) {
        if (value.isNumber()) {
            return value.floatValue();
        }
        if (value.isTextual()) {
            try {
                return Float.parseFloat(value.asText().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ClientError(origin + ": label " + value + " is not a number; give a class index, a 0/1 vector or"
                + " a list of class ids");
    }
}
