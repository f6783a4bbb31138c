package dev.fovea.trainer.inference;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import dev.fovea.trainer.data.image.PixelGate;
import dev.fovea.trainer.data.image.PixelLimit;
import dev.fovea.trainer.data.pipeline.ChannelsLast;
import dev.fovea.trainer.data.pipeline.ImagePreprocessor;
import dev.fovea.trainer.data.pipeline.Normalization;
import dev.fovea.trainer.exchange.params.NoGrad;
import dev.fovea.trainer.model.BatchNormFolding;
import dev.fovea.trainer.publish.ModelDescription;
import dev.fovea.trainer.publish.ModelDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A trained model loaded on one device, answering as SageMaker's Image Classification does: one
 * probability per class, softmax for a multi-class model and independent sigmoids for a multi-label one. Images are
 * prepared exactly as validation prepared them ({@link ImagePreprocessor#centred}). Safe for concurrent use: every
 * call works in its own NDManager.
 */
public final class Predictor implements DynamicBatcher.BatchModel, AutoCloseable {

    private final Model model;
    private final ModelDescription description;
    private final Shape imageShape;

    private Predictor(Model model, ModelDescription description) {
        this.model = model;
        this.description = description;
        this.imageShape = ModelDirectory.imageShape(description);
    }

    /** Loads the model at {@code location} (either layout, see {@link ServableModel}) on the default device. */
    public static Predictor open(Path location) {
        return open(location, null);
    }

    /**
     * Loads the model at {@code location} on {@code device} ({@code null}: the engine's default), with each
     * BatchNorm that follows a convolution folded into it ({@link BatchNormFolding}): the same answers within float
     * rounding, one operator fewer per fold.
     */
    public static Predictor open(Path location, Device device) {
        ServableModel loaded = ServableModel.load(location, device);
        try {
            NoGrad.run(() -> BatchNormFolding.fold(loaded.model().getBlock()));
        } catch (RuntimeException e) {
            loaded.model().close();
            throw e;
        }
        return new Predictor(loaded.model(), loaded.description());
    }

    public ModelDescription description() {
        return description;
    }

    /** The number of classes, i.e. of probabilities per image. */
    public int numClasses() {
        return description.numClasses();
    }

    /** Floats one prepared image takes: channels × height × width. */
    @Override
    public int imageFloats() {
        return Math.toIntExact(imageShape.size());
    }

    /** This model's validation view of an image, with {@code gate} deciding which image sizes may be decoded. */
    public ImagePreprocessor preprocessor(PixelGate gate) {
        return ImagePreprocessor.centred(
                description.imageShape().get(0),
                description.imageShape().get(1),
                description.imageShape().get(2),
                resize(),
                new Normalization(toArray(description.mean()), toArray(description.std())),
                gate);
    }

    private int resize() {
        return description.resize() == null ? 0 : description.resize();
    }

    /**
     * Classifies {@code count} prepared images in one forward pass.
     *
     * @param hwcImages the images as {@link ImagePreprocessor} writes them, one after the other (may be longer)
     * @return the class probabilities of each image
     */
    @Override
    public float[][] predict(float[] hwcImages, int count) {
        return NoGrad.call(() -> forward(hwcImages, count));
    }

    /** The forward pass; autograd is off (its per-thread default is on in threads DJL did not set up). */
    private float[][] forward(float[] hwcImages, int count) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray batch = ChannelsLast.batch(manager, hwcImages, count, imageShape);
            NDArray scores = model.getBlock()
                    .forward(new ParameterStore(manager, false), new NDList(batch), false)
                    .singletonOrThrow();
            NDArray probabilities = description.multiLabel() ? Activation.sigmoid(scores) : scores.softmax(1);
            float[] flat = probabilities.toFloatArray();
            int classes = numClasses();
            float[][] rows = new float[count][];
            for (int i = 0; i < count; i++) {
                rows[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
            }
            return rows;
        }
    }

    /** The class probabilities of the image in {@code file}; an unreadable image is a ClientError naming it. */
    public float[] classify(Path file) {
        return classify(read(file), file.toString());
    }

    /** The class probabilities of one encoded image; an unreadable one is a ClientError naming {@code source}. */
    public float[] classify(byte[] encoded, String source) {
        return predict(
                preprocessor(PixelGate.atMost(PixelLimit.forJob(
                                description.imageShape().get(1),
                                description.imageShape().get(2),
                                resize(),
                                0)))
                        .toHwc(encoded, source),
                1)[0];
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static float[] toArray(List<Float> values) {
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
