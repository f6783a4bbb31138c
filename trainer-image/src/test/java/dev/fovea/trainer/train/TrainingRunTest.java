package dev.fovea.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.observe.TrainerMetrics;
import dev.fovea.trainer.train.TrainingRun.RunResult;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

    @TempDir
    Path tmp;

    @Test
    void learnsTheBlobsAndReportsEveryEpoch() {
        try (TinyTraining job = new TinyTraining(1)) {
            RunResult result = new TrainingRun(job.settings(4, tmp, 2).build()).run();

            assertThat(result.epochs()).extracting(EpochMetrics::epoch).containsExactly(0, 1, 2, 3);
            assertThat(result.steps()).isEqualTo(4 * 192 / TinyTraining.BATCH);
            EpochMetrics last = result.last().orElseThrow();
            assertThat(last.validationAccuracy().orElseThrow()).isGreaterThan(0.8);
            assertThat(last.trainLoss()).isLessThan(result.epochs().getFirst().trainLoss());
            assertThat(last.images()).isEqualTo(192);
            assertThat(tmp.resolve("epoch-0001")).isDirectory();
            assertThat(tmp.resolve("epoch-0003")).isDirectory();
            assertThat(tmp.resolve("epoch-0002")).doesNotExist();
        }
    }

    @Test
    void resumingFromACheckpointGivesTheSameWeightsAndMetricsAsAnUninterruptedRun() throws Exception {
        Map<String, float[]> uninterrupted;
        List<EpochMetrics> uninterruptedEpochs;
        try (TinyTraining job = new TinyTraining(1)) {
            RunResult result =
                    new TrainingRun(job.settings(6, tmp.resolve("a"), 1).build()).run();
            uninterrupted = job.weights();
            uninterruptedEpochs = result.epochs();
        }

        Path checkpoints = tmp.resolve("b");
        try (TinyTraining firstHalf = new TinyTraining(1)) {
            new TrainingRun(firstHalf.settings(3, checkpoints, 1).build()).run();
        }
        // a host killed while writing the next checkpoint leaves a partial directory behind
        Files.createDirectories(checkpoints.resolve(".partial-epoch-0003-1234"));
        Files.writeString(checkpoints.resolve(".partial-epoch-0003-1234/parameters.params"), "truncated");
        RunResult resumed;
        Map<String, float[]> resumedWeights;
        try (TinyTraining secondHalf = new TinyTraining(99)) {
            resumed = new TrainingRun(secondHalf.settings(6, checkpoints, 1).build()).run();
            resumedWeights = secondHalf.weights();
        }

        assertThat(resumed.firstEpoch()).isEqualTo(3);
        assertThat(resumed.steps()).isEqualTo(6 * 192 / TinyTraining.BATCH);
        assertThat(checkpoints.resolve(".partial-epoch-0003-1234")).doesNotExist();
        assertThat(resumedWeights.keySet()).isEqualTo(uninterrupted.keySet());
        resumedWeights.forEach((name, values) -> {
            float[] expected = uninterrupted.get(name);
            for (int i = 0; i < values.length; i++) {
                assertThat(values[i]).as("%s[%d]", name, i).isCloseTo(expected[i], within(1e-6f));
            }
        });
        for (int i = 0; i < 3; i++) {
            EpochMetrics expected = uninterruptedEpochs.get(3 + i);
            EpochMetrics actual = resumed.epochs().get(i);
            assertThat(actual.epoch()).isEqualTo(expected.epoch());
            assertThat(actual.trainAccuracy()).isEqualTo(expected.trainAccuracy());
            assertThat(actual.validationAccuracy()).isEqualTo(expected.validationAccuracy());
            assertThat(actual.trainLoss()).isCloseTo(expected.trainLoss(), within(1e-6));
        }
    }

    /** A gang restart resumes every host from the newest checkpoint; Prometheus must not see its counters restart. */
    @Test
    void afterAResumeFoveaStepAndFoveaEpochContinueFromTheCheckpoint() {
        Path checkpoints = tmp.resolve("checkpoints");
        try (TinyTraining beforeTheRestart = new TinyTraining(1)) {
            new TrainingRun(beforeTheRestart.settings(3, checkpoints, 1).build()).run();
        }
        TrainerMetrics metrics = new TrainerMetrics("tiny", "algo-1", 6, () -> 0);
        List<Double> stepAtEachEpochEnd = new ArrayList<>();
        RunListener scrape = new RunListener() {
            @Override
            public void onEpochEnd(EpochMetrics epoch) {
                stepAtEachEpochEnd.add(gauge(metrics, "fovea_step"));
            }
        };

        try (TinyTraining afterTheRestart = new TinyTraining(99)) {
            new TrainingRun(afterTheRestart
                            .settings(6, checkpoints, 1)
                            .setTrainingConfig(afterTheRestart.trainingConfig().addTrainingListeners(metrics))
                            .addRunListener(metrics)
                            .addRunListener(scrape)
                            .build())
                    .run();
        }

        int stepsPerEpoch = 192 / TinyTraining.BATCH;
        assertThat(stepAtEachEpochEnd).containsExactly(4.0 * stepsPerEpoch, 5.0 * stepsPerEpoch, 6.0 * stepsPerEpoch);
        assertThat(gauge(metrics, "fovea_epoch")).isEqualTo(6.0);
    }

    private static double gauge(TrainerMetrics metrics, String name) {
        return metrics.registry().get(name).gauge().value();
    }

    /** Disk full, found at start: a volume too small for one checkpoint fails before the first epoch is spent. */
    @Test
    void aVolumeTooSmallForOneCheckpointFailsBeforeTrainingGivingBothSizes() {
        List<EpochMetrics> trained = new ArrayList<>();
        RunListener epochs = new RunListener() {
            @Override
            public void onEpochEnd(EpochMetrics metrics) {
                trained.add(metrics);
            }
        };
        try (TinyTraining job = new TinyTraining(1)) {
            assertThatThrownBy(() -> new TrainingRun(job.settings(2, tmp, 1)
                                    .optFreeSpace(directory -> 1000)
                                    .addRunListener(epochs)
                                    .build())
                            .run())
                    .isInstanceOf(ClientError.class)
                    // 8x16 + 16 + 16x3 + 3 float32 parameters, and as much SGD momentum
                    .hasMessage("The checkpoint volume " + tmp + " has 1,000 bytes free, but one checkpoint of this"
                            + " job needs 1.5 KiB (1,560 bytes) (parameters 780 bytes, optimizer state 780 bytes);"
                            + " give the checkpoint volume (spec.checkpointConfig) at least that much free space");
        }
        assertThat(trained).isEmpty();
    }

    @Test
    void aCheckpointThatCannotBeWrittenFailsTheRun() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("checkpoints"), "a file where the directory should be");
        try (TinyTraining job = new TinyTraining(1)) {
            assertThatThrownBy(() ->
                            new TrainingRun(job.settings(1, notADirectory, 1).build()).run())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("Cannot write checkpoints to " + notADirectory);
        }
    }
}
