package dev.fovea.trainer.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.optimizer.TestHyperParameters;
import org.junit.jupiter.api.Test;

/** SageMaker's epoch, as MXNet's {@code fit.py} counts it: {@code ceil(floor(samples / hosts) / batch)} steps. */
class EpochSizeTest {

    @Test
    void anEpochIsEachHostsShareOfTheTrainingSetInItsBatches() {
        assertThat(EpochSize.stepsPerEpoch(job(10_000, 128), 1)).isEqualTo(79);
        assertThat(EpochSize.stepsPerEpoch(job(10_000, 64), 2)).isEqualTo(79);
        assertThat(EpochSize.stepsPerEpoch(job(10_001, 64), 3))
                .as("ceil(3333 / 64)")
                .isEqualTo(53);
        assertThat(EpochSize.stepsPerEpoch(job(10, 64), 4))
                .as("at least one step")
                .isEqualTo(1);
    }

    @Test
    void twoHostsAtBatchBDropTheRateAtTheStepOneHostAtTwoBDoes() {
        ResolvedHyperParameters twoHosts = job(10_000, 64, "2");
        ResolvedHyperParameters oneHost = job(10_000, 128, "2");
        var gang = LearningRateSchedules.create(twoHosts, EpochSize.stepsPerEpoch(twoHosts, 2));
        var single = LearningRateSchedules.create(oneHost, EpochSize.stepsPerEpoch(oneHost, 1));

        for (int update = 1; update <= 400; update++) {
            assertThat(gang.getNewValue(update)).as("update %d", update).isEqualTo(single.getNewValue(update));
        }
        assertThat(gang.getNewValue(158)).isGreaterThan(gang.getNewValue(159));
    }

    private static ResolvedHyperParameters job(int samples, int batch) {
        return job(samples, batch, null);
    }

    private static ResolvedHyperParameters job(int samples, int batch, String lrSchedulerStep) {
        return TestHyperParameters.with(hp -> {
            hp.setNumTrainingSamples(samples);
            hp.setMiniBatchSize(batch);
            hp.setLrSchedulerStep(lrSchedulerStep);
            hp.setEpochs(4);
        });
    }
}
