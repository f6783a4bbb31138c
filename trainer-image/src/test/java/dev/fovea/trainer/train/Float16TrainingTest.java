package dev.fovea.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.training.tracker.Tracker;
import dev.fovea.trainer.train.TrainingRun.RunResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code precision_dtype: float16} through the training run: float16 network, float32 masters, on the CPU. */
class Float16TrainingTest {

    private static final Tracker LEARNING_RATE = Tracker.fixed(0.05f);

    @TempDir
    Path tmp;

    @Test
    void learnsTheBlobsInFloat16() {
        try (TinyTraining job = new TinyTraining(1, LEARNING_RATE, true)) {
            RunResult result = new TrainingRun(job.settings(4, tmp, 2).build()).run();

            EpochMetrics last = result.last().orElseThrow();
            assertThat(last.validationAccuracy().orElseThrow()).isGreaterThan(0.8);
            assertThat(last.trainLoss()).isLessThan(result.epochs().getFirst().trainLoss());
        }
    }

    @Test
    void resumingAFloat16RunFromItsCheckpointIsExact() {
        Map<String, float[]> uninterrupted;
        try (TinyTraining job = new TinyTraining(1, LEARNING_RATE, true)) {
            new TrainingRun(job.settings(4, tmp.resolve("a"), 1).build()).run();
            uninterrupted = job.weights();
        }

        Path checkpoints = tmp.resolve("b");
        try (TinyTraining firstHalf = new TinyTraining(1, LEARNING_RATE, true)) {
            new TrainingRun(firstHalf.settings(2, checkpoints, 1).build()).run();
        }
        Map<String, float[]> resumed;
        try (TinyTraining secondHalf = new TinyTraining(99, LEARNING_RATE, true)) {
            RunResult result =
                    new TrainingRun(secondHalf.settings(4, checkpoints, 1).build()).run();
            assertThat(result.firstEpoch()).isEqualTo(2);
            resumed = secondHalf.weights();
        }

        assertThat(resumed.keySet()).isEqualTo(uninterrupted.keySet());
        // without the float32 masters in the checkpoint, the resumed run would continue from float16-rounded weights
        resumed.forEach((name, values) -> assertThat(values).as(name).containsExactly(uninterrupted.get(name)));
    }
}
