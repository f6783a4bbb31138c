package dev.fovea.trainer.output;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.pipeline.ChannelsLast;
import dev.fovea.trainer.data.pipeline.ImagePreprocessor;
import dev.fovea.trainer.data.pipeline.Normalization;
import dev.fovea.trainer.publish.ModelDescription;
import dev.fovea.trainer.publish.ModelDirectory;
import dev.fovea.trainer.publish.UnpackedArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Classifies images with a trained model (Fovea's or SageMaker's, a directory or {@code model.tar.gz}), feeding each one exactly as validation did (resize, centre crop,
 * the same normalisation) and returning SageMaker's answer: one probability per class, softmax for a multi-class
 * model and independent sigmoids for a multi-label one.
 */
public final class Predictor implements AutoCloseable {

    private final Model model;
    private final ModelDescription description;
    private final ImagePreprocessor preprocessor;

    private Predictor(Model model, ModelDescription description) {
        this.model = model;
        this.description = description;
        int resize = description.resize() == null ? 0 : description.resize();
        this.preprocessor = new ImagePreprocessor(
                channels(),
                height(),
                width(),
                resize,
                new Normalization(toArray(description.mean()), toArray(description.std())));
    }

    /**
     * Loads the model in {@code source}: a model directory ({@link ModelDirectory}: Fovea's or SageMaker's files) or
     * its {@code model.tar.gz}.
     */
    public static Predictor open(Path source) {
        if (Files.isDirectory(source)) {
            return new Predictor(ModelDirectory.load(source), ModelDirectory.describe(source));
        }
        if (!Files.isRegularFile(source)) {
            throw new ClientError("No model at " + source + ": expected a model directory or its model.tar.gz");
        }
        try (UnpackedArchive unpacked = UnpackedArchive.of(source)) {
            return open(unpacked.folder());
        } catch (IOException e) {
            throw new ClientError("Cannot unpack " + source + " (expected model.tar.gz): " + e.getMessage(), e);
        }
    }

    /** The class probabilities of the image in {@code file}. */
    public float[] classify(Path file) {
        float[] input = preprocessor.toHwc(read(file), file.toString());
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray batch = ChannelsLast.batch(manager, input, 1, new Shape(channels(), height(), width()));
            NDArray scores = model.getBlock()
                    .forward(new ParameterStore(manager, false), new NDList(batch), false)
                    .singletonOrThrow();
            NDArray probabilities = description.multiLabel() ? Activation.sigmoid(scores) : scores.softmax(1);
            return probabilities.toFloatArray();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private int channels() {
        return description.imageShape().get(0);
    }

    private int height() {
        return description.imageShape().get(1);
    }

    private int width() {
        return description.imageShape().get(2);
    }

    private static float[] toArray(java.util.List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    @Override
    public void close() {
        model.close();
    }
}
