package dev.fovea.trainer.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.contract.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A host that dies (SIGKILL) or hangs (SIGSTOP) mid-training must make every other host exit with the retryable
 * code, within the peer timeout, with a message naming the lost host — never hang.
 */
class PeerFailureTest {

    private static final int HOSTS = 3;
    private static final long PEER_TIMEOUT_SECONDS = 5;
    private static final int LOST = 2;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "host {0}")
    @ValueSource(strings = {"killed", "frozen"})
    void theOtherHostsExitWithTheRetryableCodeNamingTheLostHost(String fate) throws Exception {
        try (WorkerGang gang = new WorkerGang(dir, HOSTS)) {
            List<Process> workers = new ArrayList<>();
            for (int rank = 0; rank < HOSTS; rank++) {
                workers.add(gang.start("dist_sync", rank, 4, 1_000_000, PEER_TIMEOUT_SECONDS, 20, WorkerGang.TOKEN));
            }
            awaitStep(gang, 3, Duration.ofMinutes(1));

            long lostAt = System.nanoTime();
            if (fate.equals("killed")) {
                workers.get(LOST).destroyForcibly();
            } else {
                new ProcessBuilder(
                                "kill",
                                "-STOP",
                                String.valueOf(workers.get(LOST).pid()))
                        .start()
                        .waitFor();
            }

            for (int rank = 0; rank < HOSTS; rank++) {
                if (rank == LOST) {
                    continue;
                }
                assertThat(WorkerGang.exitCode(workers.get(rank), Duration.ofSeconds(PEER_TIMEOUT_SECONDS + 20)))
                        .as("exit code of host %d; stderr:%n%s", rank, gang.stderr("dist_sync", rank, HOSTS))
                        .isEqualTo(ExitCodes.PEER_LOST);
                assertThat(gang.stderr("dist_sync", rank, HOSTS))
                        .contains("PeerLostException")
                        .contains("algo-" + (LOST + 1));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - lostAt))
                    .isLessThan(Duration.ofSeconds(PEER_TIMEOUT_SECONDS + 10));
        }
    }

    private static void awaitStep(WorkerGang gang, int step, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!gang.stdout("dist_sync", LOST, HOSTS).contains("STEP " + step)) {
            assertThat(System.nanoTime())
                    .as("host %d never reached step %d: %s", LOST, step, gang.stderr("dist_sync", LOST, HOSTS))
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
