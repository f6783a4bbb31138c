package dev.fovea.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.ClientError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fovea run} owns its work directory and its children: lock, finished jobs, restarts, its own death. */
class LocalRunLifecycleTest {

    private static final Duration CEILING = Duration.ofMinutes(10);

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aFinishedJobIsReportedWithItsResultsAndFreshTrainsItAgain() throws Exception {
        Path manifest = MnistSlice.write(folder, "finished", 1, 256);
        Path workDir = folder.resolve("work");
        assertThat(localRun(manifest, workDir, false).run())
                .as("stderr: %s", err)
                .isZero();
        String trained = out.toString(StandardCharsets.UTF_8);
        String accuracy = trained.lines()
                .filter(line -> line.contains("validation accuracy:") && !line.contains("best"))
                .findFirst()
                .orElseThrow();

        out.reset();
        assertThat(localRun(manifest, workDir, false).run()).isZero();
        String again = out.toString(StandardCharsets.UTF_8);
        assertThat(again)
                .contains("already finished")
                .contains("--fresh")
                .contains(accuracy)
                .containsPattern("epochs:\\s+1/1")
                .doesNotContain("host(s) on loopback");

        out.reset();
        assertThat(localRun(manifest, workDir, true).run())
                .as("stderr: %s", err)
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Starting over")
                .doesNotContain("resuming from checkpoint")
                .containsPattern("epochs:\\s+1/1");
    }

    @Test
    void aSecondRunOnTheSameWorkDirectoryIsRefusedNamingTheHolder() throws Exception {
        Path workDir = folder.resolve("work");
        LocalLayout layout = new LocalLayout(workDir);
        try (WorkDirLock held = WorkDirLock.take(layout.lockFile())) {
            assertThatThrownBy(() -> WorkDirLock.take(layout.lockFile()))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining(workDir.toAbsolutePath().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        WorkDirLock.take(layout.lockFile()).close(); // released: free again
    }

    @Test
    void aKilledHostRestartsTheGangFromItsCheckpointAndItsSignalIsReported() throws Exception {
        Path manifest = MnistSlice.write(folder, "restart", 10, 1024);
        Path workDir = folder.resolve("work");
        LocalRun run = localRun(manifest, workDir, false);
        // on a thread of its own, not the common pool: Process.onExit(), which the run waits on, completes there, and
        // on a two-core machine the common pool has a single worker
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return run.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                task -> Thread.ofPlatform().start(task));
        LocalLayout layout = new LocalLayout(workDir);
        await(() -> layout.newestCheckpoint().isPresent() && pidOfHost(workDir, 1) > 0, running, "a checkpoint");

        ProcessHandle.of(pidOfHost(workDir, 1)).orElseThrow().destroyForcibly();

        assertThat(running.get(CEILING.toMinutes(), TimeUnit.MINUTES))
                .as("stderr: %s", err)
                .isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Restarting the gang (restart 1 of at most 3)")
                .contains("exit code 137 (SIGKILL)");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern("restarts:\\s+1")
                .contains("resuming from checkpoint epoch-");
        assertThat(Files.readString(layout.logFile(1))).contains("algo-2 ended with exit code 137 (SIGKILL)");
    }

    @Test
    void killingFoveaRunStopsItsTrainersAndKeepsTheirLogs() throws Exception {
        Path manifest = MnistSlice.write(folder, "orphans", 20, 512);
        Path workDir = folder.resolve("work");
        Process fovea = FoveaProcess.run(folder, manifest, workDir, folder.resolve("fovea-run.log"))
                .start();
        LocalLayout layout = new LocalLayout(workDir);
        await(
                () -> Files.readString(layout.logFile(0)).contains("All 1 exchange peers answered"),
                CompletableFuture.supplyAsync(() -> fovea.onExit().join().exitValue()),
                "the trainers training");
        List<ProcessHandle> trainers = fovea.descendants().toList();
        assertThat(trainers).hasSizeGreaterThanOrEqualTo(2);

        fovea.destroyForcibly().waitFor();

        for (ProcessHandle trainer : trainers) {
            assertThat(trainer.onExit()
                            .completeOnTimeout(trainer, 3, TimeUnit.MINUTES)
                            .join()
                            .isAlive())
                    .as("trainer %s outlived fovea run", trainer.pid())
                    .isFalse();
        }
        for (int host = 0; host < 2; host++) {
            assertThat(Files.readString(layout.logFile(host)))
                    .contains("Stopping: the launcher's exit (its lifeline, standard input, closed)");
        }
    }

    /**
     * The pid of host {@code index}'s trainer: the child whose crash-report option names that host. Read from
     * {@code /proc}: {@code ProcessHandle.Info.arguments()} is empty on Linux for a command line longer than a page,
     * which a trainer started with this test JVM's class path always has.
     */
    private static long pidOfHost(Path workDir, int index) {
        String option = "hs_err_" + "algo-" + (index + 1) + "_";
        return ProcessHandle.current()
                .descendants()
                .filter(process -> commandLine(process).contains(option))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElse(-1);
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }

    private LocalRun localRun(Path manifest, Path workDir, boolean fresh) {
        Map<String, Path> volumes = Map.of("slice", folder.resolve("slice"), "mnist-data", MnistSlice.FIXTURE);
        return new LocalRun(
                manifest,
                workDir,
                volumes,
                fresh,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check check, CompletableFuture<Integer> running, String what) throws Exception {
        Instant deadline = Instant.now().plus(CEILING);
        while (!safely(check)) {
            if (running.isDone()) {
                throw new AssertionError("the run ended (" + running.get() + ") before " + what);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + what + " within " + CEILING);
            }
            Thread.sleep(200);
        }
    }

    private static boolean safely(Check check) {
        try {
            return check.holds();
        } catch (Exception notYet) {
            return false;
        }
    }
}
