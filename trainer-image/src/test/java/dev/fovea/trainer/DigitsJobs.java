package dev.fovea.trainer;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.HyperParametersFile;
import dev.fovea.api.contract.InputDataConfigFile;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.ResourceConfigFile;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Whole training jobs on ten MNIST digits (one per class, training and validation alike): seconds each. */
public final class DigitsJobs {

    /** Ten MNIST digits, one per class, with their .lst. */
    private static final Path DIGITS = Path.of("..", "examples", "volumes", "mnist-data", "heldout")
            .toAbsolutePath()
            .normalize();

    private DigitsJobs() {}

    /** An /opt/ml at {@code root} for a job on the ten digits, with {@code model} (or none) as its model channel. */
    public static MlRoot job(Path root, HyperParameters hp, Path model) throws IOException {
        MlRoot ml = new MlRoot(root);
        Map<ChannelName, ContentType> channels = new EnumMap<>(ChannelName.class);
        for (ChannelName images : List.of(ChannelName.TRAIN, ChannelName.VALIDATION)) {
            Files.createDirectories(ml.dataDir());
            Files.createSymbolicLink(ml.channelDir(images), DIGITS);
            channels.put(images, ContentType.IMAGE);
        }
        for (ChannelName list : List.of(ChannelName.TRAIN_LST, ChannelName.VALIDATION_LST)) {
            Files.createDirectories(ml.channelDir(list));
            Files.copy(DIGITS.resolve("heldout.lst"), ml.channelDir(list).resolve("digits.lst"));
        }
        if (model != null) {
            Files.createDirectories(ml.channelDir(ChannelName.MODEL));
            Files.copy(model, ml.channelDir(ChannelName.MODEL).resolve(model.getFileName()));
            channels.put(ChannelName.MODEL, ContentType.SAGEMAKER_MODEL);
        }
        HyperParametersFile.write(ml.hyperParametersFile(), hp);
        InputDataConfigFile.ofContentTypes(channels).write(ml.inputDataConfigFile());
        new ResourceConfigFile("algo-1", List.of("algo-1"), Map.of()).write(ml.resourceConfigFile());
        return ml;
    }

    /** SageMaker's ResNet of {@code numLayers} for the 1×28×28 digits, ten classes, one batch per epoch. */
    public static HyperParameters digits(int numLayers, int epochs, double learningRate) {
        HyperParameters hp = new HyperParameters();
        hp.setNumLayers(numLayers);
        hp.setNumClasses(10);
        hp.setNumTrainingSamples(10);
        hp.setImageShape("1,28,28");
        hp.setMiniBatchSize(10);
        hp.setEpochs(epochs);
        hp.setLearningRate(learningRate);
        return hp;
    }

    /** Runs the job of {@code root} as {@code fovea train} does, on a free observe port. */
    public static TrainingResult train(MlRoot root) {
        return new TrainingJob(TrainerEnvironment.of(Map.of(
                        ContainerEnvironment.ML_ROOT,
                        root.root().toString(),
                        ContainerEnvironment.OBSERVE_PORT,
                        "0",
                        ContainerEnvironment.TERMINATION_LOG,
                        root.root().resolve("termination-log").toString())))
                .run();
    }
}
