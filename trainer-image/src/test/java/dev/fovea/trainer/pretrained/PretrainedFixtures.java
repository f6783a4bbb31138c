package dev.fovea.trainer.pretrained;

import static org.assertj.core.api.Assertions.catchThrowable;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.trainer.model.ResNets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The files {@code scripts/make-torchscript-fixture.py} wrote under {@code src/test/resources/pretrained/}. */
final class PretrainedFixtures {

    /** The TorchScript CIFAR ResNet-20 for 1x28x28 images. */
    static final String RESNET20 = "resnet20-cifar.pt";

    static final Shape GREY_28 = new Shape(1, 28, 28);

    private PretrainedFixtures() {}

    private static InputStream open(String name) {
        return Objects.requireNonNull(PretrainedFixtures.class.getResourceAsStream("/pretrained/" + name), name);
    }

    /** Copies fixture {@code name} into {@code directory} as {@code fileName}. */
    static Path copy(String name, Path directory, String fileName) {
        Path file = directory.resolve(fileName);
        try (InputStream in = open(name)) {
            Files.copy(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes a zip archive of {@code entries} (name to content) as {@code file}. */
    static Path zip(Path file, Map<String, byte[]> entries) {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static JsonNode json(String name) {
        try (InputStream in = open(name)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(JsonNode values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i).floatValue();
        }
        return floats;
    }

    /** The rows of a JSON matrix, one after the other. */
    static float[] rows(JsonNode matrix) {
        float[] first = floats(matrix.get(0));
        float[] all = new float[first.length * matrix.size()];
        for (int row = 0; row < matrix.size(); row++) {
            System.arraycopy(floats(matrix.get(row)), 0, all, row * first.length, first.length);
        }
        return all;
    }

    /** What loading the model channel into a new ResNet of {@code numLayers} for 5 classes threw (null: nothing). */
    static Throwable failureLoading(Path channel, int numLayers, Shape image) {
        try (Model model = Model.newInstance("fine-tune")) {
            model.setBlock(ResNets.build(numLayers, 5, image));
            return catchThrowable(() -> transfer(channel, model, numLayers, image));
        }
    }

    /** Opens the model channel {@code channel} and starts {@code model}'s network from it, as use_pretrained_model=1. */
    static void transfer(Path channel, Model model, int numLayers, Shape image) {
        try (ModelChannel opened = ModelChannel.open(channel).orElseThrow()) {
            PretrainedWeights.transfer(opened, model, numLayers, image);
        }
    }
}
