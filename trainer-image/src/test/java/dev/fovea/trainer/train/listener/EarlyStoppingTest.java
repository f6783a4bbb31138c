package dev.fovea.trainer.train.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.trainer.train.EpochMetrics;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    private static EpochMetrics validated(int epoch, double accuracy) {
        return new EpochMetrics(
                epoch, 0, OptionalDouble.empty(), 0, OptionalDouble.of(accuracy), OptionalDouble.empty(), 1, 1);
    }

    /** Feeds accuracies for epochs 0, 1, ...; returns the epoch after which it stopped, or -1. */
    private static int stopsAfter(EarlyStopping stopping, double... accuracies) {
        for (int epoch = 0; epoch < accuracies.length; epoch++) {
            stopping.onEpochEnd(validated(epoch, accuracies[epoch]));
            if (stopping.shouldStop()) {
                return epoch;
            }
        }
        return -1;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        assertThat(stopsAfter(new EarlyStopping(true, 1, 2, 0), 0.5, 0.6, 0.6, 0.59, 0.7))
                .isEqualTo(3);
    }

    @Test
    void neverStopsBeforeTheMinimumEpochs() {
        assertThat(stopsAfter(new EarlyStopping(true, 5, 1, 0), 0.5, 0.4, 0.4, 0.4, 0.4, 0.4))
                .isEqualTo(4);
    }

    @Test
    void anImprovementSmallerThanTheRelativeToleranceDoesNotCount() {
        // 0.505 is 1% better than 0.5: below a 2% tolerance, so it is no improvement
        assertThat(stopsAfter(new EarlyStopping(true, 1, 2, 0.02), 0.5, 0.505, 0.509))
                .isEqualTo(2);
        assertThat(stopsAfter(new EarlyStopping(true, 1, 2, 0.02), 0.5, 0.52, 0.54, 0.56))
                .isEqualTo(-1);
    }

    @Test
    void disabledItOnlyKeepsTheRecord() {
        EarlyStopping stopping = new EarlyStopping(false, 1, 1, 0);
        assertThat(stopsAfter(stopping, 0.9, 0.1, 0.1, 0.1)).isEqualTo(-1);
        assertThat(stopping.bestValidationAccuracy()).hasValue(0.9);
        assertThat(stopping.improvementBaseline()).isEqualTo(0.9);
        assertThat(stopping.epochsWithoutImprovement()).isEqualTo(3);
    }

    @Test
    void continuesFromARestoredRecord() {
        EarlyStopping stopping = new EarlyStopping(true, 1, 3, 0);
        stopping.restore(OptionalDouble.of(0.8), 0.8, 2);
        stopping.onEpochEnd(validated(5, 0.79));
        assertThat(stopping.shouldStop()).isTrue();
    }
}
