package dev.fovea.trainer.model.sagemaker;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * SageMaker's {@code model-shapes.json}: the shape of the data the model was trained on,
 * {@code [{"shape": [batch, channels, height, width], "name": "data"}]}.
 *
 * @param batchSize the mini-batch size of the training job
 * @param imageShape the image shape {@code (c, h, w)}
 */
public record ModelShapes(long batchSize, Shape imageShape) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INPUT = "data";

    /**
     * Reads the file.
     *
     * @throws IOException when it cannot be read, is not JSON, or holds no 4-dimensional shape named {@code data}
     */
    public static ModelShapes read(Path file) throws IOException {
        JsonNode tree;
        try {
            tree = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IOException("not JSON: " + e.getOriginalMessage(), e);
        }
        for (JsonNode entry : tree) {
            if (INPUT.equals(entry.path("name").asText())) {
                JsonNode shape = entry.path("shape");
                long[] sizes = new long[shape.size()];
                for (int i = 0; i < sizes.length; i++) {
                    sizes[i] = shape.get(i).asLong(-1);
                }
                if (sizes.length != 4 || sizes[0] < 1 || sizes[1] < 1 || sizes[2] < 1 || sizes[3] < 1) {
                    throw new IOException("the shape of \"data\" is " + shape
                            + "; expected four positive sizes [batch, channels, height, width]");
                }
                return new ModelShapes(sizes[0], new Shape(sizes[1], sizes[2], sizes[3]));
            }
        }
        throw new IOException("it names no input \"data\"; expected [{\"shape\": [batch, channels, height, width],"
                + " \"name\": \"data\"}]");
    }

    /** Writes the file. */
    public void write(Path file) throws IOException {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        ObjectNode data = root.addObject();
        ArrayNode shape = data.putArray("shape").add(batchSize);
        imageShape.stream().forEach(size -> shape.add(size.getKey()));
        data.put("name", INPUT);
        Files.writeString(file, JSON.writeValueAsString(root));
    }
}
