package dev.fovea.trainer.output;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.augment.AugmenterChain;
import dev.fovea.trainer.data.image.ImageCodec;
import dev.fovea.trainer.data.image.Pixels;
import dev.fovea.trainer.data.image.UndecodableImageException;
import dev.fovea.trainer.data.pipeline.Normalization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Classifies images with a trained model directory, feeding each one exactly as validation did (resize, centre crop,
 * the same normalisation) and returning SageMaker's answer: one probability per class, softmax for a multi-class
 * model and independent sigmoids for a multi-label one.
 */
public final class Predictor implements AutoCloseable {

    private final Model model;
    private final ModelDescription description;
    private final AugmenterChain preprocessing;
    private final Normalization normalization;

    private Predictor(Model model, ModelDescription description) {
        this.model = model;
        this.description = description;
        int resize = description.resize() == null ? 0 : description.resize();
        this.preprocessing = AugmenterChain.of(null, false, resize, width(), height());
        this.normalization = new Normalization(toArray(description.mean()), toArray(description.std()));
    }

    /** Loads the model in {@code directory} (written by a training job). */
    public static Predictor open(Path directory) {
        return new Predictor(ModelDirectory.load(directory), ModelDirectory.describe(directory));
    }

    /** The class probabilities of the image in {@code file}. */
    public float[] classify(Path file) {
        Pixels image = preprocess(file);
        int channels = channels();
        float[] input = new float[channels * height() * width()];
        normalization.writeChw(image, input, 0);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray batch = manager.create(input, new Shape(1, channels, height(), width()));
            NDArray scores = model.getBlock()
                    .forward(new ParameterStore(manager, false), new NDList(batch), false)
                    .singletonOrThrow();
            NDArray probabilities = description.multiLabel() ? Activation.sigmoid(scores)
                    : scores.softmax(1);
            return probabilities.toFloatArray();
        }
    }

    private Pixels preprocess(Path file) {
        try {
            Pixels decoded = ImageCodec.decode(Files.readAllBytes(file), channels());
            return preprocessing.apply(decoded, new SplittableRandom(0));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (UndecodableImageException e) {
            throw new ClientError("Cannot decode " + file + " as an image: " + e.getMessage(), e);
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
