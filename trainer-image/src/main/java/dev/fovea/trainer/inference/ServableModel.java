package dev.fovea.trainer.inference;

import ai.djl.Device;
import ai.djl.Model;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.sagemaker.SageMakerModel;
import dev.fovea.trainer.model.sagemaker.SageMakerModelFiles;
import dev.fovea.trainer.model.sagemaker.SageMakerModelReader;
import dev.fovea.trainer.publish.ModelArchive;
import dev.fovea.trainer.publish.ModelDescription;
import dev.fovea.trainer.publish.ModelDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.file.PathUtils;

/**
 * A model loaded for inference from either layout a serving container meets in {@code /opt/ml/model}: Fovea's model
 * directory ({@code model.json}, {@code model-NNNN.params}), SageMaker's Image Classification files
 * ({@code image-classification-symbol.json}, {@code image-classification-NNNN.params}, {@code model-shapes.json}),
 * or a {@code model.tar.gz} packing either (the path itself, or the one file in the folder).
 *
 * <p>A SageMaker model's input is what MXNet's {@code ImageRecordIter} hands SageMaker's algorithm: RGB pixel values
 * 0–255, neither mean-subtracted nor scaled (the network's own {@code bn_data} normalises them); the image is resized
 * and centre-cropped to the {@code image_shape} in {@code model-shapes.json} as a Fovea model's is.
 *
 * @param model the network with its parameters, on the device asked for; the caller closes it
 * @param description what the network is and how an image is prepared for it
 */
public record ServableModel(Model model, ModelDescription description) {

    private static final String MODEL_NAME = "served";

    /**
     * Loads the model at {@code location} on {@code device} ({@code null}: the engine's default).
     *
     * @throws ClientError naming the location and the layouts expected when it holds no usable model
     */
    public static ServableModel load(Path location, Device device) {
        if (Files.isRegularFile(location)) {
            return loadArchive(location, device);
        }
        if (Files.isRegularFile(location.resolve(ModelDirectory.DESCRIPTION_FILE))) {
            return new ServableModel(ModelDirectory.load(location, device), ModelDirectory.describe(location));
        }
        if (Files.isRegularFile(location.resolve(SageMakerModelFiles.SYMBOL))) {
            return fromSageMaker(SageMakerModelReader.read(location), device);
        }
        if (Files.isRegularFile(location.resolve(ModelArchive.FILE_NAME))) {
            return loadArchive(location.resolve(ModelArchive.FILE_NAME), device);
        }
        throw new ClientError("No model in " + location + ": expected " + ModelDirectory.DESCRIPTION_FILE
                + " (a model a Fovea training job wrote), " + SageMakerModelFiles.SYMBOL + " with "
                + SageMakerModelFiles.PARAMETERS_PATTERN + " and " + SageMakerModelFiles.SHAPES
                + " (SageMaker's Image Classification model), or a " + ModelArchive.FILE_NAME + " packing either");
    }

    private static ServableModel loadArchive(Path tarball, Device device) {
        Path unpacked = null;
        try {
            unpacked = Files.createTempDirectory("fovea-served-model");
            ModelArchive.extract(tarball, unpacked);
            if (Files.isRegularFile(unpacked.resolve(ModelArchive.FILE_NAME))) {
                throw new ClientError(tarball + " packs another " + ModelArchive.FILE_NAME + " instead of a model");
            }
            return load(unpacked, device);
        } catch (IOException e) {
            throw new ClientError(
                    "Cannot unpack " + tarball + " (expected a " + ModelArchive.FILE_NAME + "): " + e.getMessage(), e);
        } finally {
            delete(unpacked);
        }
    }

    private static ServableModel fromSageMaker(SageMakerModel read, Device device) {
        Model model = Model.newInstance(MODEL_NAME, device);
        try {
            model.setBlock(read.newNetwork(model.getNDManager()));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        ModelDescription description = ModelDirectory.describe(read);
        return new ServableModel(model, description);
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            PathUtils.deleteDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot remove the unpacked model in " + directory + ": " + e.getMessage(), e);
        }
    }
}
