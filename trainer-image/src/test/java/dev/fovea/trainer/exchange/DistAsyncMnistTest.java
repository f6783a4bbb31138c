package dev.fovea.trainer.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dist_async on real data: two hosts train on the MNIST fixture (each its own shard) and rank 0's final model,
 * gathered from the shard servers, must score within one point of what dist_sync reaches (or better).
 */
class DistAsyncMnistTest {

    private static final int HOSTS = 2;
    private static final int EPOCHS = 2;
    private static final int BATCH = 32;
    private static final Path MNIST = Path.of("..", "examples", "volumes", "mnist-data", "recordio").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void distAsyncConvergesToWithinOnePointOfDistSync() throws Exception {
        assertThat(MNIST.resolve("train")).as("the MNIST fixture").isDirectory();
        double sync = accuracy("dist_sync");
        double async = accuracy("dist_async");
        System.out.printf("MNIST validation accuracy: dist_sync %.3f, dist_async %.3f%n", sync, async);
        // Two short epochs of plain SGD on 2,000 images: well above chance (0.1), far from converged.
        assertThat(sync).as("dist_sync validation accuracy").isGreaterThan(0.4);
        assertThat(async).as("dist_async validation accuracy (dist_sync reached %s)", sync)
                .isGreaterThanOrEqualTo(sync - 0.01);
    }

    private double accuracy(String mode) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve(mode));
        try (WorkerGang gang = new WorkerGang(runDir, HOSTS)) {
            Process[] hosts = new Process[HOSTS];
            for (int rank = 0; rank < HOSTS; rank++) {
                hosts[rank] = gang.launch("host-" + rank, MnistWorker.class, WorkerGang.TOKEN, mode,
                        String.valueOf(rank), gang.ports(), String.valueOf(EPOCHS), String.valueOf(BATCH),
                        MNIST.toString(), gang.file("accuracy-" + rank).toString());
            }
            for (int rank = 0; rank < HOSTS; rank++) {
                assertThat(WorkerGang.exitCode(hosts[rank], Duration.ofMinutes(3)))
                        .as("%s host %d exit code; stderr:%n%s", mode, rank, gang.stderr("host-" + rank))
                        .isZero();
            }
            return Double.parseDouble(Files.readString(gang.file("accuracy-0")));
        }
    }
}
