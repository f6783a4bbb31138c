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
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.data.pipeline.Normalization;
import dev.fovea.trainer.integrity.FileManifest;
import dev.fovea.trainer.integrity.IntegrityException;
import dev.fovea.trainer.integrity.StagedDirectory;
import dev.fovea.trainer.model.NetworkFamily;
import dev.fovea.trainer.model.SageMakerResNet;
import dev.fovea.trainer.model.sagemaker.SageMakerModel;
import dev.fovea.trainer.model.sagemaker.SageMakerModelFiles;
import dev.fovea.trainer.model.sagemaker.SageMakerModelReader;
import dev.fovea.trainer.model.sagemaker.SageMakerModelWriter;
import dev.fovea.trainer.train.FiniteParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trained model on disk ({@code /opt/ml/model}). Fovea writes SageMaker's three files
 * ({@link SageMakerModelWriter}: {@code image-classification-symbol.json}, {@code image-classification-NNNN.params},
 * {@code model-shapes.json}) and beside them {@code model.json} ({@link ModelDescription}: how to feed the network an
 * image, the hyperparameters) and the {@link FileManifest} of its files. The files are written under a temporary name
 * and renamed into place, the manifest last ({@link StagedDirectory}); every reader of a Fovea model ({@code fovea
 * predict}, serving, incremental training) verifies them against it first, so a damaged or half-written model is a
 * clear error, never NaN predictions. It reads three layouts: that one; a directory SageMaker wrote (no {@code
 * model.json}, no manifest: the description is taken from SageMaker's files); and the layout of Fovea's
 * torchvision-style network and of older Fovea models, {@code model.json} and DJL's {@code model-NNNN.params}.
 */
public final class ModelDirectory {

    public static final String DESCRIPTION_FILE = "model.json";
    static final String MODEL_NAME = "model";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelDirectory() {}

    /**
     * Writes the model's parameters, its description and their manifest into {@code directory}, in place of what it
     * held: SageMaker's files for SageMaker's network, DJL's parameters file for the torchvision-style one (MXNet has no
     * symbol for it). A write that fails leaves no partial file behind.
     *
     * @param epoch the 0-based epoch whose parameters these are; SageMaker's file is named after {@code epoch + 1}
     * @param batchSize the mini-batch size {@code model-shapes.json} records
     * @throws ai.djl.TrainingDivergedException when a parameter is NaN or infinite: such a model is not written
     */
    public static void write(Path directory, Model model, ModelDescription description, int epoch, long batchSize) {
        write(directory, model, description, epoch, batchSize, List.of());
    }

    /**
     * Writes the model as {@link #write(Path, Model, ModelDescription, int, long)} does, with the parameters files of
     * earlier checkpointed epochs beside its own ({@link CheckpointedEpochs}), as SageMaker's artifact of a job with
     * {@code checkpoint_frequency} holds them.
     */
    public static void write(
            Path directory,
            Model model,
            ModelDescription description,
            int epoch,
            long batchSize,
            List<Path> checkpointedEpochs) {
        FiniteParameters.check(model.getBlock(), "the model");
        try {
            StagedDirectory.replaceContents(directory, staging -> {
                for (Path file : checkpointedEpochs) {
                    Files.copy(file, staging.resolve(file.getFileName()));
                }
                if (model.getBlock() instanceof SageMakerResNet network) {
                    SageMakerModelWriter.write(staging, network, epoch + 1, batchSize);
                } else {
                    model.save(staging, MODEL_NAME);
                }
                JSON.writeValue(staging.resolve(DESCRIPTION_FILE).toFile(), description);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot write the model to " + directory + ": " + TrainerFailure.describe(e), e);
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

    /** Whether {@code directory} holds a model this class reads: {@code model.json} or SageMaker's symbol. */
    public static boolean holdsModel(Path directory) {
        return Files.isRegularFile(directory.resolve(DESCRIPTION_FILE)) || holdsSageMakerFiles(directory);
    }

    private static boolean holdsSageMakerFiles(Path directory) {
        return Files.isRegularFile(directory.resolve(SageMakerModelFiles.SYMBOL));
    }

    /**
     * Verifies a Fovea model's files against their manifest and reads {@code model.json}, or describes a model
     * SageMaker wrote from its files; a directory with neither, a damaged or an unreadable one is the user's error
     * (wrong model channel or path, a broken copy).
     */
    public static ModelDescription describe(Path directory) {
        Path file = directory.resolve(DESCRIPTION_FILE);
        if (!Files.isRegularFile(file) && holdsSageMakerFiles(directory)) {
            return describe(SageMakerModelReader.read(directory));
        }
        if (!Files.isRegularFile(file)) {
            throw new ClientError("No model in " + directory + ": neither " + DESCRIPTION_FILE + " (a Fovea model) nor "
                    + SageMakerModelFiles.SYMBOL + " (a SageMaker model) is there");
        }
        verify(directory);
        try {
            return JSON.readValue(file.toFile(), ModelDescription.class);
        } catch (IOException e) {
            throw new ClientError("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks every file of the model in {@code directory} against its manifest.
     *
     * @throws ClientError naming the file at fault and what is wrong with it
     */
    public static void verify(Path directory) {
        try {
            FileManifest.verify(directory);
        } catch (IntegrityException e) {
            throw new ClientError("The model in " + directory + " fails verification: " + e.getMessage()
                    + ". It is damaged or was not completely written (a model from before Fovea kept manifests has"
                    + " none); use an intact copy, such as the job's model.tar.gz, or train it again");
        }
    }

    /**
     * A model SageMaker wrote, described as SageMaker feeds it: no resize, and the input MXNet's {@code ImageRecordIter}
     * hands SageMaker's algorithm, RGB pixel values 0-255, neither mean-subtracted nor scaled (the network's own
     * {@code bn_data} normalises them).
     */
    public static ModelDescription describe(SageMakerModel model) {
        Shape shape = model.imageShape();
        int channels = Math.toIntExact(shape.get(0));
        float[] mean = new float[channels];
        float[] std = new float[channels];
        Arrays.fill(std, 1f / 255f);
        return new ModelDescription(
                NetworkFamily.SAGEMAKER.id(),
                model.numLayers(),
                model.numClasses(),
                Arrays.stream(shape.getShape()).mapToObj(Math::toIntExact).toList(),
                null,
                floats(mean),
                floats(std),
                false,
                null,
                null);
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
            if (family == NetworkFamily.SAGEMAKER && holdsSageMakerFiles(directory)) {
                SageMakerModel files = SageMakerModelReader.read(directory);
                files.requireMatches(description.numLayers(), description.numClasses(), imageShape(description));
                model.setBlock(files.newNetwork(model.getNDManager()));
            } else {
                model.setBlock(
                        family.build(description.numLayers(), description.numClasses(), imageShape(description)));
                model.load(directory, MODEL_NAME);
            }
            return model;
        } catch (IOException | MalformedModelException e) {
            model.close();
            throw new ClientError("Cannot load the parameters in " + directory + ": " + TrainerFailure.describe(e), e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
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
