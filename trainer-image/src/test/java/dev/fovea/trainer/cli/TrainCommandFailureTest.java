package dev.fovea.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.training.Trainer;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.status.Progress;
import dev.fovea.api.status.TrainerPhase;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.exchange.PeerLostException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
                .contains("numLayers")
                .endsWith("\n")
                .hasLineCount(1);
        assertThat(Progress.fromJson(Files.readString(tmp.resolve("termination-log"))).phase())
                .isEqualTo(TrainerPhase.Failed);
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
        assertThat(Files.readString(ml.root.failureFile())).startsWith("ClientError: ").contains("train");
    }

    @Test
    void anUnwritableCheckpointDirectoryIsARetryableAlgorithmError() throws IOException {
        HyperParameters hp = MlRootFixture.mnistResNet20();
        hp.setNumLayers(20);
        hp.setEpochs(1);
        hp.setMiniBatchSize(500);
        hp.setCheckpointFrequency(1);
        MlRootFixture ml = mnistPng(hp);
        Files.writeString(ml.root.checkpointsDir(), "a file where the checkpoint volume should be");

        assertThat(train(ml)).isEqualTo(1);
        assertThat(Files.readString(ml.root.failureFile())).startsWith("AlgorithmError: ").contains("checkpoint");
    }

    @Test
    void aLostPeerExitsWithThree() {
        Throwable wrapped = new IllegalStateException("step failed",
                new PeerLostException("algo-2 at mnist-1.mnist-hosts:9090 did not answer within 120 s"));

        TrainerFailure failure = TrainerFailure.of(wrapped);

        assertThat(failure.exitCode()).isEqualTo(3);
        assertThat(failure.reason()).isEqualTo("PeerLost: algo-2 at mnist-1.mnist-hosts:9090 did not answer within 120 s");
    }
}
