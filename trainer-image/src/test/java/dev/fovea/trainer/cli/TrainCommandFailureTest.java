package dev.fovea.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.ResourceConfigFile;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.KvStore;
import dev.fovea.api.status.Progress;
import dev.fovea.api.status.TrainerPhase;
import dev.fovea.trainer.FreePorts;
import dev.fovea.trainer.TrainerEnvironment;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.TrainingJob;
import dev.fovea.trainer.exchange.PeerLostException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every way {@code fovea train} can fail ends with the exit code the operator acts on and a reason in output/failure. */
class TrainCommandFailureTest {

    @TempDir
    Path tmp;

    private MlRootFixture mnistPng(HyperParameters hp) throws IOException {
        return new MlRootFixture(tmp)
                .channel(ChannelName.TRAIN, ContentType.IMAGE, MlRootFixture.MNIST.resolve("png/train"))
                .channel(ChannelName.TRAIN_LST, null, MlRootFixture.MNIST.resolve("png/train_lst"))
                .write(hp);
    }

    private static int train(MlRootFixture ml) {
        return new CommandLine(new TrainCommand(ml.environment())).execute();
    }

    @Test
    void badHyperparametersAreAClientError() throws IOException {
        HyperParameters hp = MlRootFixture.mnistResNet20();
        hp.setNumLayers(21);
        MlRootFixture ml = mnistPng(hp);

        assertThat(train(ml)).isEqualTo(2);
        assertThat(Files.readString(ml.root.failureFile()))
                .startsWith("ClientError: ")
                .contains("num_layers 21 is not one of")
                .doesNotContain("numLayers")
                .endsWith("\n")
                .hasLineCount(1);
        Progress last = Progress.fromJson(Files.readString(tmp.resolve("termination-log")));
        assertThat(last.phase()).isEqualTo(TrainerPhase.Failed);
        assertThat(last.failure())
                .as("the reason the operator puts into the Failed condition")
                .isEqualTo(Files.readString(ml.root.failureFile()).strip());
    }

    @Test
    void earlyStoppingWithoutAValidationChannelIsAClientErrorThatSaysWhy() throws IOException {
        HyperParameters hp = MlRootFixture.mnistResNet20();
        hp.setEarlyStopping(true);
        MlRootFixture ml = mnistPng(hp);

        assertThat(train(ml)).isEqualTo(2);
        assertThat(Files.readString(ml.root.failureFile()))
                .startsWith("ClientError: early_stopping=True needs a 'validation' channel");
    }

    @Test
    void aWeightedLossOnSingleLabelDataIsAClientErrorInTheFilesNames() throws IOException {
        HyperParameters hp = MlRootFixture.mnistResNet20();
        hp.setUseWeightedLoss(1);
        MlRootFixture ml = mnistPng(hp);

        assertThat(train(ml)).isEqualTo(2);
        assertThat(Files.readString(ml.root.failureFile()))
                .startsWith("ClientError: ")
                .contains("use_weighted_loss 1 needs multi_label 1");
    }

    @Test
    void aHyperparametersFileThatIsNotJsonIsAClientError() throws IOException {
        MlRootFixture ml = mnistPng(MlRootFixture.mnistResNet20());
        Files.writeString(ml.root.hyperParametersFile(), "{\"epochs\": \"2\",");

        assertThat(train(ml)).isEqualTo(2);
        assertThat(Files.readString(ml.root.failureFile()))
                .startsWith("ClientError: ")
                .contains("not valid JSON");
    }

    @Test
    void labelsBeyondNumClassesAreAClientError() throws IOException {
        HyperParameters hp = MlRootFixture.mnistResNet20();
        hp.setNumClasses(5);
        MlRootFixture ml = mnistPng(hp);

        assertThat(train(ml)).isEqualTo(2);
        assertThat(Files.readString(ml.root.failureFile())).startsWith("ClientError: ");
    }

    @Test
    void aMissingTrainChannelIsAClientError() throws IOException {
        MlRootFixture ml = new MlRootFixture(tmp).write(MlRootFixture.mnistResNet20());

        assertThat(train(ml)).isEqualTo(2);
        assertThat(Files.readString(ml.root.failureFile()))
                .startsWith("ClientError: ")
                .contains("train");
    }

    @Test
    void aDivergenceLimitBelowOneStepIsAClientError() throws IOException {
        MlRootFixture ml = mnistPng(MlRootFixture.mnistResNet20());
        Map<String, String> env = new HashMap<>(ml.environment());
        env.put("FOVEA_NONFINITE_LOSS_STEPS", "0");

        assertThat(new CommandLine(new TrainCommand(env)).execute()).isEqualTo(2);
        assertThat(Files.readString(ml.root.failureFile()))
                .startsWith("ClientError: FOVEA_NONFINITE_LOSS_STEPS is 0; it must be a whole number of steps from 1");
    }

    @Test
    void aPixelLimitBelowOnePixelIsAClientError() throws IOException {
        MlRootFixture ml = mnistPng(MlRootFixture.mnistResNet20());
        Map<String, String> env = new HashMap<>(ml.environment());
        env.put("FOVEA_MAX_IMAGE_PIXELS", "0");

        assertThat(new CommandLine(new TrainCommand(env)).execute()).isEqualTo(2);
        assertThat(Files.readString(ml.root.failureFile()))
                .startsWith("ClientError: FOVEA_MAX_IMAGE_PIXELS is 0; it must be a whole number of pixels from 1");
    }

    @Test
    void imagesOverTheConfiguredPixelLimitAreSkippedAndTooManyAreAClientErrorNamingTheLimit() throws IOException {
        MlRootFixture ml = mnistPng(MlRootFixture.mnistResNet20());
        Map<String, String> env = new HashMap<>(ml.environment());
        env.put("FOVEA_MAX_IMAGE_PIXELS", "783"); // every 28x28 MNIST image is one pixel over

        assertThat(new CommandLine(new TrainCommand(env)).execute()).isEqualTo(2);
        assertThat(Files.readString(ml.root.failureFile()))
                .startsWith("ClientError: ")
                .contains("more than the 783 allowed")
                .contains("at most 783 pixels (FOVEA_MAX_IMAGE_PIXELS sets the limit)");
    }

    @Test
    void anUnwritableCheckpointDirectoryIsARetryableAlgorithmError() throws IOException {
        MlRootFixture ml = mnistPng(MlRootFixture.mnistResNet20());
        Files.writeString(ml.root.checkpointsDir(), "a file where the checkpoint volume should be");

        assertThat(train(ml)).isEqualTo(1);
        assertThat(Files.readString(ml.root.failureFile()))
                .startsWith("AlgorithmError: Cannot write checkpoints to " + ml.root.checkpointsDir());
    }

    @Test
    void aPeerThatNeverAnswersExitsWithThree() throws IOException {
        HyperParameters hp = MlRootFixture.mnistResNet20();
        hp.setKvStore(KvStore.DIST_SYNC);

        assertThat(trainBesideASilentPeer(hp)).isEqualTo(3);
        assertThat(Files.readString(new MlRoot(tmp).failureFile())).startsWith("PeerLost: ");
    }

    /** SageMaker's default for several hosts: without kv_store they still exchange (dist_sync), never train alone. */
    @Test
    void withoutAKvStoreSeveralHostsStillExchange() throws IOException {
        HyperParameters hp = MlRootFixture.mnistResNet20();

        assertThat(trainBesideASilentPeer(hp)).isEqualTo(3);
        assertThat(Files.readString(new MlRoot(tmp).failureFile())).startsWith("PeerLost: ");
    }

    /** Trains as algo-1 of two hosts whose algo-2 never answers; returns the exit code. */
    private int trainBesideASilentPeer(HyperParameters hp) throws IOException {
        int ownPort = FreePorts.pick();
        int silentPeer = FreePorts.pick();
        MlRootFixture ml = new MlRootFixture(tmp)
                .channel(ChannelName.TRAIN, ContentType.IMAGE, MlRootFixture.MNIST.resolve("png/train"))
                .channel(ChannelName.TRAIN_LST, null, MlRootFixture.MNIST.resolve("png/train_lst"))
                .resources(new ResourceConfigFile(
                        "algo-1",
                        List.of("algo-1", "algo-2"),
                        Map.of("algo-1", "127.0.0.1:" + ownPort, "algo-2", "127.0.0.1:" + silentPeer)))
                .write(hp);
        Map<String, String> env = new HashMap<>(ml.environment());
        env.put("FOVEA_EXCHANGE_TOKEN", "test-token");
        env.put("FOVEA_EXCHANGE_PORT", Integer.toString(ownPort));
        env.put("FOVEA_STARTUP_TIMEOUT_SECONDS", "2");

        return new CommandLine(new TrainCommand(env)).execute();
    }

    @Test
    void anErrorLeavesTheSameReportAsAnException() throws IOException {
        MlRootFixture ml = mnistPng(MlRootFixture.mnistResNet20());
        TrainerEnvironment configured = TrainerEnvironment.of(ml.environment());
        Map<String, String> exhausted = new AbstractMap<>() {
            @Override
            public Set<Entry<String, String>> entrySet() {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        TrainerEnvironment environment = new TrainerEnvironment(
                configured.mlRoot(),
                configured.observePort(),
                configured.listenAddress(),
                configured.jobName(),
                configured.terminationLog(),
                configured.seed(),
                configured.divergenceLimit(),
                exhausted);

        assertThatThrownBy(() -> new TrainingJob(environment).run()).isInstanceOf(OutOfMemoryError.class);
        Progress last = Progress.fromJson(Files.readString(tmp.resolve("termination-log")));
        assertThat(last.phase()).isEqualTo(TrainerPhase.Failed);
        assertThat(last.failure()).isEqualTo("AlgorithmError: Java heap space");
    }

    @Test
    void aLostPeerIsFoundBehindWrappers() {
        Throwable wrapped = new IllegalStateException(
                "step failed", new PeerLostException("algo-2 at mnist-1.mnist-hosts:9090 did not answer within 120 s"));

        TrainerFailure failure = TrainerFailure.of(wrapped);

        assertThat(failure.exitCode()).isEqualTo(3);
        assertThat(failure.reason())
                .isEqualTo("PeerLost: algo-2 at mnist-1.mnist-hosts:9090 did not answer within 120 s");
    }
}
