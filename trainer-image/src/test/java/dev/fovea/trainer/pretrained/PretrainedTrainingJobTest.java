package dev.fovea.trainer.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.HyperParametersFile;
import dev.fovea.api.contract.InputDataConfigFile;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.ResourceConfigFile;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.TrainerEnvironment;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job with use_pretrained_model=1 reads the PyTorch file in its model channel before it trains. */
class PretrainedTrainingJobTest {

    /** Ten MNIST digits, one per class, with their .lst. */
    private static final Path DIGITS = Path.of("..", "examples", "volumes", "mnist-data", "heldout")
            .toAbsolutePath()
            .normalize();

    @TempDir
    Path tmp;

    @Test
    void aPyTorchResNetOfAnotherDepthFailsTheJobAsTheUsersError() throws IOException {
        MlRoot root = new MlRoot(tmp);
        Files.createDirectories(root.channelDir(ChannelName.MODEL));
        PretrainedFixtures.copy(PretrainedFixtures.RESNET20, root.channelDir(ChannelName.MODEL), "resnet20-cifar.pt");
        Files.createSymbolicLink(root.channelDir(ChannelName.TRAIN), DIGITS);
        Files.createDirectories(root.channelDir(ChannelName.TRAIN_LST));
        Files.copy(
                DIGITS.resolve("heldout.lst"),
                root.channelDir(ChannelName.TRAIN_LST).resolve("train.lst"));
        HyperParameters hp = new HyperParameters();
        hp.setNumLayers(18);
        hp.setNumClasses(10);
        hp.setNumTrainingSamples(10);
        hp.setImageShape("1,28,28");
        hp.setMiniBatchSize(10);
        hp.setEpochs(1);
        hp.setUsePretrainedModel(1);
        HyperParametersFile.write(root.hyperParametersFile(), hp);
        InputDataConfigFile.ofContentTypes(
                        Map.of(ChannelName.TRAIN, ContentType.IMAGE, ChannelName.MODEL, ContentType.SAGEMAKER_MODEL))
                .write(root.inputDataConfigFile());
        new ResourceConfigFile("algo-1", List.of("algo-1"), Map.of()).write(root.resourceConfigFile());

        Throwable failure = catchThrowable(() -> new TrainingJob(TrainerEnvironment.of(Map.of(
                        ContainerEnvironment.ML_ROOT,
                        tmp.toString(),
                        "FOVEA_OBSERVE_PORT",
                        "0",
                        "FOVEA_TERMINATION_LOG",
                        tmp.resolve("termination-log").toString())))
                .run());

        assertThat(failure)
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("resnet20-cifar.pt holds a ResNet-20")
                .hasMessageContaining("num_layers is 18 (4 stages of [2, 2, 2, 2] basic units)");
        assertThat(TrainerFailure.of(failure).exitCode()).isEqualTo(2);
    }
}
