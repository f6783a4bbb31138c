package dev.fovea.trainer.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * dist_sync's half-precision wire formats ({@code FOVEA_EXCHANGE_WIRE}), across trainer JVMs on loopback: values are
 * rounded on the wire and summed in float32, every host still ends with the same bits, and training moves as with
 * exact float32, give or take the rounding. Hosts that disagree on the format stop with an error naming the setting.
 */
class WireFormatTest {

    private static final int HOSTS = 2;
    private static final int BATCH = 4;
    private static final int STEPS = 6;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = WireFormat.class,
            names = {"BFLOAT16", "FLOAT16"})
    void halfPrecisionKeepsTheHostsIdenticalAndCloseToFloat32(WireFormat format) throws Exception {
        float[] exact = train(dir.resolve("exact"), WireFormat.FLOAT32).getFirst();
        List<float[]> rounded = train(dir.resolve(format.label()), format);

        assertThat(rounded.get(1)).as("host 1's weights").containsExactly(rounded.get(0));
        assertThat(DistSyncTest.maxAbsDifference(rounded.get(0), exact))
                .as("largest difference to float32's weights")
                .isGreaterThan(0f)
                .isLessThan(0.02f);
    }

    @Test
    void hostsWithDifferentFormatsStopNamingTheSetting() throws Exception {
        try (WorkerGang gang = new WorkerGang(dir, HOSTS)) {
            List<Process> workers = new ArrayList<>();
            for (int rank = 0; rank < HOSTS; rank++) {
                WireFormat format = rank == 0 ? WireFormat.FLOAT32 : WireFormat.BFLOAT16;
                gang.withEnvironment("FOVEA_EXCHANGE_WIRE", format.label());
                workers.add(gang.start("dist_sync", rank, BATCH, STEPS, 60, 0, WorkerGang.TOKEN));
            }
            for (int rank = 0; rank < HOSTS; rank++) {
                assertThat(WorkerGang.exitCode(workers.get(rank), Duration.ofMinutes(2)))
                        .as("exit code of host %d", rank)
                        .isNotZero()
                        .isNotEqualTo(-1);
                assertThat(gang.stderr("dist_sync", rank, HOSTS)).contains("FOVEA_EXCHANGE_WIRE");
            }
        }
    }

    private static List<float[]> train(Path dir, WireFormat format) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        try (WorkerGang gang = new WorkerGang(dir, HOSTS).withEnvironment("FOVEA_EXCHANGE_WIRE", format.label())) {
            List<Process> workers = new ArrayList<>();
            for (int rank = 0; rank < HOSTS; rank++) {
                workers.add(gang.start("dist_sync", rank, BATCH, STEPS, 60, 0, WorkerGang.TOKEN));
            }
            List<float[]> weights = new ArrayList<>();
            for (int rank = 0; rank < HOSTS; rank++) {
                assertThat(WorkerGang.exitCode(workers.get(rank), Duration.ofMinutes(2)))
                        .as("exit code of host %d; stderr:%n%s", rank, gang.stderr("dist_sync", rank, HOSTS))
                        .isZero();
                weights.add(gang.weights("dist_sync", rank, HOSTS));
            }
            return weights;
        }
    }
}
