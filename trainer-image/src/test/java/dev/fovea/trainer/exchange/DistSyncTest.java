package dev.fovea.trainer.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.trainer.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * dist_sync across separate trainer JVMs on loopback: N hosts at batch B must train exactly like one host at N·B,
 * and every host must end with bit-identical weights (they also compare checksums every "epoch" of 3 steps, and
 * hosts other than rank 0 start from different weights, which the startup broadcast must replace).
 */
class DistSyncTest {

    private static final int BATCH = 4;
    private static final int STEPS = 6;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} hosts")
    @ValueSource(ints = {2, 3})
    void nHostsAtBatchBTrainLikeOneHostAtNTimesB(int hosts) throws Exception {
        try (WorkerGang gang = new WorkerGang(dir, hosts)) {
            List<Process> workers = new ArrayList<>();
            for (int rank = 0; rank < hosts; rank++) {
                workers.add(gang.start("dist_sync", rank, BATCH, STEPS, 60, 0, WorkerGang.TOKEN));
            }
            Process baseline = gang.start(
                    "local", 0, String.valueOf(FreePorts.pick()), hosts * BATCH, STEPS, 60, 0, WorkerGang.TOKEN);

            for (int rank = 0; rank < hosts; rank++) {
                assertThat(WorkerGang.exitCode(workers.get(rank), Duration.ofMinutes(2)))
                        .as("exit code of host %d; stderr:%n%s", rank, gang.stderr("dist_sync", rank, hosts))
                        .isZero();
            }
            assertThat(WorkerGang.exitCode(baseline, Duration.ofMinutes(2))).isZero();

            float[] single = gang.weights("local", 0, 1);
            float[] rankZero = gang.weights("dist_sync", 0, hosts);
            for (int rank = 1; rank < hosts; rank++) {
                assertThat(gang.weights("dist_sync", rank, hosts))
                        .as("host %d's weights", rank)
                        .containsExactly(rankZero);
            }
            assertThat(maxAbsDifference(rankZero, single)).isLessThan(1e-5f);
        }
    }

    static float maxAbsDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
