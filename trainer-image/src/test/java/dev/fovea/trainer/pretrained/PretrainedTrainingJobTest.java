package dev.fovea.trainer.pretrained;

import static dev.fovea.trainer.DigitsJobs.digits;
import static dev.fovea.trainer.DigitsJobs.train;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.DigitsJobs;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.publish.ModelArchive;
import dev.fovea.trainer.train.EpochMetrics;
import dev.fovea.trainer.train.TrainingRun.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job starts from the model in its model channel: an earlier job's model.tar.gz, or a PyTorch file. */
class PretrainedTrainingJobTest {

    @TempDir
    Path tmp;

    private MlRoot job(String name, HyperParameters hp, Path model) throws IOException {
        return DigitsJobs.job(tmp.resolve(name), hp, model);
    }

    private static double validationAccuracy(EpochMetrics epoch) {
        return epoch.validationAccuracy().orElseThrow();
    }

    /**
     * SageMaker's incremental training: the model.tar.gz an earlier job left in its output, in the next job's model
     * channel with use_pretrained_model=0, is where that job starts: its first epoch, at a learning rate too small
     * to move the weights, validates as the earlier job's last did, within one digit of the ten (BatchNorm's moving
     * statistics still move during that epoch); a network trained from scratch gets about one digit right.
     */
    @Test
    void aJobContinuesTheModelTarballOfAnEarlierJob() throws IOException {
        MlRoot first = job("first", digits(20, 12, 0.1), null);
        double learned = validationAccuracy(train(first).run().last().orElseThrow());
        assertThat(learned).as("the earlier job learned the digits").isGreaterThanOrEqualTo(0.5);

        MlRoot second = job("second", digits(20, 1, 1e-9), first.outputDir().resolve(ModelArchive.FILE_NAME));
        RunResult continued = train(second).run();

        long digitsRight = Math.round(validationAccuracy(continued.epochs().getFirst()) * 10);
        assertThat(digitsRight).isCloseTo(Math.round(learned * 10), within(1L));
    }

    @Test
    void aPyTorchResNetOfAnotherDepthFailsTheJobAsTheUsersError() throws IOException {
        Path weights = tmp.resolve("resnet20-cifar.pt");
        PretrainedFixtures.copy(
                PretrainedFixtures.RESNET20, tmp, weights.getFileName().toString());
        HyperParameters hp = digits(18, 1, 0.1);
        hp.setUsePretrainedModel(1);
        MlRoot root = job("pytorch", hp, weights);

        Throwable failure = catchThrowable(() -> train(root));

        assertThat(failure)
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("resnet20-cifar.pt holds a ResNet-20")
                .hasMessageContaining("num_layers is 18 (4 stages of [2, 2, 2, 2] basic units)");
        assertThat(TrainerFailure.of(failure).exitCode()).isEqualTo(2);
    }
}
