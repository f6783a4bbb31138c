package dev.fovea.trainer.publish;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.spec.ImageShape;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.pipeline.Normalization;
import dev.fovea.trainer.model.NetworkFamily;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained Fovea model on disk ({@code /opt/ml/model}): {@code model.json} ({@link ModelDescription}) and the
 * parameters as DJL's {@code model-NNNN.params}, so the directory also loads with plain DJL given the ResNet block.
 */
public final class ModelDirectory {

    public static final String DESCRIPTION_FILE = "model.json";
    static final String MODEL_NAME = "model";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelDirectory() {}

    /** Writes the model's parameters and its description into {@code directory}. */
    public static void write(Path directory, Model model, ModelDescription description) {
        try {
            Files.createDirectories(directory);
            model.save(directory, MODEL_NAME);
            JSON.writeValue(directory.resolve(DESCRIPTION_FILE).toFile(), description);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the model to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The description of a {@code family} network trained with {@code hp}. */
    public static ModelDescription describe(NetworkFamily family, ResolvedHyperParameters hp) {
        ImageShape shape = hp.imageShape();
        Normalization normalization = Normalization.forChannels(shape.channels());
        return new ModelDescription(
                family.id(),
                hp.numLayers(),
                hp.numClasses(),
                List.of(shape.channels(), shape.height(), shape.width()),
                hp.resize().isPresent() ? hp.resize().getAsInt() : null,
                floats(normalization.mean()),
                floats(normalization.std()),
                hp.multiLabel(),
                hp.toSpec(),
                foveaVersion());
    }

    /** The version in the jar's manifest; "development" when running from classes. */
    static String foveaVersion() {
        String version = ModelDirectory.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    private static List<Float> floats(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float value : values) {
            list.add(value);
        }
        return list;
    }

    /** Reads {@code model.json}; a missing or unreadable one is the user's error (wrong model channel or path). */
    public static ModelDescription describe(Path directory) {
        Path file = directory.resolve(DESCRIPTION_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ClientError("No Fovea model in " + directory + ": " + DESCRIPTION_FILE
                    + " is missing (expected the model directory a Fovea training job wrote)");
        }
        try {
            return JSON.readValue(file.toFile(), ModelDescription.class);
        } catch (IOException e) {
            throw new ClientError("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Builds the described network and loads its trained parameters; the caller closes the model. */
    public static Model load(Path directory) {
        return load(directory, null);
    }

    /** As {@link #load(Path)}, with the parameters on {@code device} ({@code null}: the engine's default). */
    public static Model load(Path directory, Device device) {
        ModelDescription description = describe(directory);
        NetworkFamily family = family(description, directory);
        Model model = Model.newInstance(MODEL_NAME, device);
        try {
            model.setBlock(family.build(description.numLayers(), description.numClasses(), imageShape(description)));
            model.load(directory, MODEL_NAME);
            return model;
        } catch (IOException | MalformedModelException e) {
            model.close();
            throw new ClientError("Cannot load the parameters in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The network family of the model {@code description} describes, read from {@code directory}. */
    public static NetworkFamily family(ModelDescription description, Path directory) {
        try {
            return NetworkFamily.fromId(description.family());
        } catch (IllegalArgumentException e) {
            throw new ClientError("Model family '" + description.family() + "' in " + directory
                    + " is not supported; allowed: " + NetworkFamily.ids());
        }
    }

    /** The input shape {@code (c, h, w)} of a described model. */
    public static Shape imageShape(ModelDescription description) {
        return new Shape(
                description.imageShape().stream().mapToLong(Integer::longValue).toArray());
    }
}
