package dev.fovea.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real local runs: two trainer processes on loopback, on a slice of the MNIST fixture. */
class LocalRunTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void twoHostsTrainOneEpochAndEndSucceededWithTheModelOfRankZero() throws Exception {
        Path manifest = MnistSlice.write(folder, "slice-run", 1, 512);
        Path workDir = folder.resolve("work");

        int code = localRun(manifest, workDir).run();

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary)
                .contains("Succeeded")
                .containsPattern("epochs:\\s+1/1")
                .containsPattern("validation accuracy:\\s+\\d+\\.\\d\\d%")
                .contains(workDir.resolve("algo-1/model").toAbsolutePath().toString());
        assertThat(summary).contains("[algo-1] Epoch[0] Validation-accuracy=");
        try (var model = Files.list(workDir.resolve("algo-1/model"))) {
            assertThat(model.toList()).isNotEmpty();
        }
        assertThat(Files.readString(workDir.resolve("logs/algo-2.log"))).contains("Epoch[0] Train-accuracy=");
    }

    @Test
    void stoppingARunKeepsACheckpointThatTheSameCommandResumesFrom() throws Exception {
        Path manifest = MnistSlice.write(folder, "slice-resume", 3, 1024);
        Path workDir = folder.resolve("work");
        LocalRun first = localRun(manifest, workDir);
        // on a thread of its own, not the common pool: Process.onExit(), which the run waits on, completes there, and
        // on a two-core machine the common pool has a single worker
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return first.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                task -> Thread.ofPlatform().start(task));
        LocalLayout layout = new LocalLayout(workDir);
        awaitCheckpoint(layout, running);

        first.stop();

        assertThat(running.get(5, TimeUnit.MINUTES)).isNotZero();
        String kept = layout.newestCheckpoint().orElseThrow();
        out.reset();
        assertThat(localRun(manifest, workDir).run()).as("stderr: %s", err).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("resuming from checkpoint " + kept)
                .containsPattern("epochs:\\s+3/3");
        assertThat(Files.readString(workDir.resolve("logs/algo-1.log")))
                .doesNotContain("Epoch[0] Train-accuracy")
                .contains("Epoch[1] Train-accuracy");
    }

    private LocalRun localRun(Path manifest, Path workDir) {
        Map<String, Path> volumes = Map.of("slice", folder.resolve("slice"), "mnist-data", MnistSlice.FIXTURE);
        return new LocalRun(
                manifest,
                workDir,
                volumes,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static void awaitCheckpoint(LocalLayout layout, CompletableFuture<Integer> running) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
        while (layout.newestCheckpoint().isEmpty()) {
            if (running.isDone()) {
                throw new AssertionError("the run ended (" + running.get() + ") before its first checkpoint");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no checkpoint in " + layout.checkpoints() + " within 15 minutes");
            }
            Thread.sleep(200);
        }
    }
}
