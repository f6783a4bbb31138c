package dev.fovea.trainer.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.training.tracker.Tracker;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.optimizer.TestHyperParameters;
import org.junit.jupiter.api.Test;

class LearningRateSchedulesTest {

    private static final int BATCHES_PER_EPOCH = 100;

    @Test
    void theRateDropsByTheFactorAtTheFirstUpdateOfEachListedEpoch() {
        Tracker schedule = LearningRateSchedules.create(hyperParameters("2, 4"), BATCHES_PER_EPOCH);

        // updates count from 1: epoch e (0-based) runs updates e*100+1 ... (e+1)*100
        assertThat(schedule.getNewValue(1)).isEqualTo(0.1f);
        assertThat(schedule.getNewValue(200)).isEqualTo(0.1f); // last update of epoch 1
        assertThat(schedule.getNewValue(201)).isCloseTo(0.05f, within(1e-9f)); // first of epoch 2
        assertThat(schedule.getNewValue(400)).isCloseTo(0.05f, within(1e-9f));
        assertThat(schedule.getNewValue(401)).isCloseTo(0.025f, within(1e-9f));
        assertThat(schedule.getNewValue(100_000)).isCloseTo(0.025f, within(1e-9f));
    }

    @Test
    void aResumedRunSeesTheSameRatesAsAnUninterruptedOne() {
        ResolvedHyperParameters hp = hyperParameters("1,3");
        Tracker uninterrupted = LearningRateSchedules.create(hp, BATCHES_PER_EPOCH);
        for (int update = 1; update <= 350; update++) {
            uninterrupted.getNewValue(update);
        }
        Tracker resumed = LearningRateSchedules.create(hp, BATCHES_PER_EPOCH);

        for (int update = 250; update <= 450; update += 50) {
            assertThat(resumed.getNewValue(update)).isEqualTo(uninterrupted.getNewValue(update));
        }
        assertThat(resumed.getNewValue(1)).isEqualTo(0.1f);
    }

    @Test
    void aShardServerServingThreeHostsTakesAThirdOfTheRateAndDropsItAtTheSameEpochs() {
        Tracker server = LearningRateSchedules.forShardServer(hyperParameters("2, 4"), BATCHES_PER_EPOCH, 3);

        // three hosts make 100 steps each per epoch: the server applies 300 updates per epoch
        assertThat(server.getNewValue(1)).isCloseTo(0.1f / 3, within(1e-9f));
        assertThat(server.getNewValue(600)).isCloseTo(0.1f / 3, within(1e-9f)); // last update of epoch 1
        assertThat(server.getNewValue(601)).isCloseTo(0.05f / 3, within(1e-9f));
        assertThat(server.getNewValue(1201)).isCloseTo(0.025f / 3, within(1e-9f));
        assertThatThrownBy(() -> LearningRateSchedules.forShardServer(hyperParameters("2"), BATCHES_PER_EPOCH, 0))
                .hasMessageContaining("hostCount=0");
    }

    @Test
    void withoutStepsTheRateIsConstant() {
        Tracker schedule = LearningRateSchedules.create(hyperParameters(null), BATCHES_PER_EPOCH);

        assertThat(schedule.getNewValue(1)).isEqualTo(0.1f);
        assertThat(schedule.getNewValue(1_000_000)).isEqualTo(0.1f);
    }

    @Test
    void anEpochWithoutBatchesIsRefused() {
        assertThatThrownBy(() -> LearningRateSchedules.create(hyperParameters("2"), 0))
                .hasMessageContaining("batchesPerEpoch=0");
    }

    private static ResolvedHyperParameters hyperParameters(String steps) {
        return TestHyperParameters.with(hp -> {
            hp.setLearningRate(0.1);
            hp.setLrSchedulerFactor(0.5);
            hp.setLrSchedulerStep(steps);
        });
    }
}
