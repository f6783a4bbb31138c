package dev.fovea.trainer.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fovea.trainer.model.mxnet.MxNetSymbol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of a real SageMaker model in {@code src/test/resources/sagemaker-ic} (see its README). */
public final class SageMakerFixture {

    public static final String SYMBOL = "image-classification-symbol.json";
    public static final String SHAPES = "model-shapes.json";

    private SageMakerFixture() {}

    /** SageMaker's ResNet-50 symbol for 2 classes. */
    public static MxNetSymbol symbol() {
        try {
            return MxNetSymbol.parse(text(SYMBOL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The symbol's JSON tree, as written. */
    public static ObjectNode symbolJson() {
        try {
            return (ObjectNode) new ObjectMapper().readTree(text(SYMBOL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fixture file into {@code directory}. */
    public static Path copy(String name, Path directory) throws IOException {
        return Files.writeString(directory.resolve(name), text(name));
    }

    private static String text(String name) {
        try (InputStream in = SageMakerFixture.class.getResourceAsStream("/sagemaker-ic/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource sagemaker-ic/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
