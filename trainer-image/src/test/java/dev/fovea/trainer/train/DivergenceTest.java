package dev.fovea.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.TrainingDivergedException;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.integrity.FileManifest;
import dev.fovea.trainer.train.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose loss stops being a number is stopped as an algorithm error naming the steps; it never writes a NaN
 * checkpoint and never rotates the intact ones out. A learning rate of 1e30 makes the tiny job diverge on its first
 * resumed step.
 */
class DivergenceTest {

    private static final int STEPS_PER_EPOCH = 192 / TinyTraining.BATCH;

    @TempDir
    Path checkpoints;

    private byte[] newestBefore;

    @BeforeEach
    void twoGoodCheckpoints() throws Exception {
        try (TinyTraining good = new TinyTraining(1)) {
            new TrainingRun(good.settings(2, checkpoints, 1).build()).run();
        }
        newestBefore = Files.readAllBytes(checkpoints.resolve("epoch-0001/parameters.params"));
    }

    @Test
    void aLossThatStaysNanStopsTheRunAfterTheLimitNamingTheSteps() throws Exception {
        try (TinyTraining diverging = new TinyTraining(1, 1e30f)) {
            assertThatThrownBy(() -> new TrainingRun(diverging
                                    .settings(6, checkpoints, 1)
                                    .optDivergenceLimit(3)
                                    .build())
                            .run())
                    .isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
                        TrainerFailure failure = TrainerFailure.of(e);
                        assertThat(failure.exitCode()).isEqualTo(1);
                        assertThat(failure.reason())
                                .startsWith("AlgorithmError: Training diverged: the loss was ")
                                .containsPattern("for 3 consecutive steps \\(steps \\d+ to \\d+\\)");
                        Matcher steps =
                                Pattern.compile("steps (\\d+) to (\\d+)").matcher(e.getMessage());
                        assertThat(steps.find()).isTrue();
                        long first = Long.parseLong(steps.group(1));
                        assertThat(first).as("a step after the resume").isGreaterThan(2L * STEPS_PER_EPOCH);
                        assertThat(Long.parseLong(steps.group(2))).isEqualTo(first + 2);
                    });
        }
        assertIntactCheckpointsKept();
    }

    @Test
    void weightsThatBecameNanAreNeverCheckpointed() throws Exception {
        try (TinyTraining diverging = new TinyTraining(1, 1e30f)) {
            assertThatThrownBy(() -> new TrainingRun(diverging
                                    .settings(6, checkpoints, 1)
                                    .optDivergenceLimit(10 * STEPS_PER_EPOCH)
                                    .build())
                            .run())
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("holds NaN values, so the checkpoint was not written");
        }
        assertIntactCheckpointsKept();
    }

    private void assertIntactCheckpointsKept() throws Exception {
        CheckpointStore store = new CheckpointStore(checkpoints, 3);
        assertThat(store.epochs()).containsExactly(1, 0);
        FileManifest.verify(store.directory(1));
        assertThat(Files.readAllBytes(checkpoints.resolve("epoch-0001/parameters.params")))
                .isEqualTo(newestBefore);
        try (var entries = Files.list(checkpoints)) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .as("no partial directory left")
                    .containsExactlyInAnyOrder("epoch-0000", "epoch-0001");
        }
    }
}
