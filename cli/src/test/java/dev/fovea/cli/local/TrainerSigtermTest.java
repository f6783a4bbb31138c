package dev.fovea.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.validation.ManifestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes sends SIGTERM on every pod deletion, preemption and eviction, at any point of a trainer's life. Twenty
 * SIGTERMs at random points — while the JVM starts, libtorch loads, the hosts meet, a step runs or a checkpoint is
 * written — to two gangs at once: every trainer stops with the SIGTERM code or finishes, none crashes in libtorch,
 * and none leaves a JVM crash report.
 */
class TrainerSigtermTest {

    private static final int ROUNDS = 5;
    private static final int GANGS = 2;
    private static final int HOSTS = 2;

    @TempDir
    Path folder;

    @Test
    void sigtermAtRandomPointsStopsEveryTrainerCleanly() throws Exception {
        Path manifest = MnistSlice.write(folder, "sigterm", 2, 256);
        var job = ManifestReader.readValid(manifest);
        Map<ChannelName, Path> channels = Map.of(
                ChannelName.TRAIN, MnistSlice.FIXTURE.resolve("png/train"),
                ChannelName.VALIDATION, MnistSlice.FIXTURE.resolve("png/validation"),
                ChannelName.TRAIN_LST, folder.resolve("slice/train_lst"),
                ChannelName.VALIDATION_LST, folder.resolve("slice/validation_lst"));
        Random random = new Random(18);
        List<String> outcomes = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<LocalLayout> layouts = new ArrayList<>();
            List<HostProcess> hosts = new ArrayList<>();
            Map<HostProcess, LocalLayout> layoutOf = new java.util.HashMap<>();
            for (int gang = 0; gang < GANGS; gang++) {
                LocalLayout layout = new LocalLayout(folder.resolve("round-" + round + "-gang-" + gang));
                layouts.add(layout);
                LocalGang.Started started = startWithoutWaiting(layout, job.getSpec(), channels);
                hosts.addAll(started.hosts());
                started.hosts().forEach(host -> layoutOf.put(host, layout));
            }
            // anywhere from JVM start-up to the middle of training (an epoch here takes a few seconds)
            Thread.sleep(random.nextInt(25_000));
            hosts.forEach(host -> host.process().destroy());
            for (HostProcess host : hosts) {
                assertThat(host.process().waitFor(3, TimeUnit.MINUTES))
                        .as("%s stopped within the ceiling", host.hostName())
                        .isTrue();
                int code = host.waitFor();
                outcomes.add(host.hostName() + "=" + code + " " + whereItStopped(logOf(layoutOf.get(host), host)));
                assertThat(code)
                        .as(
                                "exit code of %s in round %d; its log: %s",
                                host.hostName(), round, logOf(layoutOf.get(host), host))
                        .isIn(ExitCodes.TERMINATED, ExitCodes.SUCCESS);
            }
            for (LocalLayout layout : layouts) {
                assertThat(crashReports(layout.logFile(0).getParent())).isEmpty();
            }
        }
        assertThat(crashReports(Path.of("").toAbsolutePath())).isEmpty();
        assertThat(outcomes).hasSize(ROUNDS * GANGS * HOSTS);
        System.out.println("SIGTERM outcomes: " + outcomes);
    }

    /** A gang whose hosts run, without the launcher's wait for their ports, so a SIGTERM can land before it. */
    private static LocalGang.Started startWithoutWaiting(
            LocalLayout layout, dev.fovea.api.spec.ImageClassificationJobSpec spec, Map<ChannelName, Path> channels)
            throws Exception {
        LocalGang gang = new LocalGang("sigterm", layout, System.out);
        return gang.start(spec, channels);
    }

    private static String logOf(LocalLayout layout, HostProcess host) {
        Path log = layout.logFile(dev.fovea.api.ObjectNames.hostIndex(host.hostName()));
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log " + log + ")";
        }
    }

    /** Where the SIGTERM landed, from the stop the trainer logged: for the record of what the test exercised. */
    private static String whereItStopped(String log) {
        if (log.contains("after training batch")) {
            return "mid-epoch";
        }
        if (log.contains("while validating")) {
            return "validating";
        }
        return log.contains("All 1 exchange peers answered") ? "between epochs" : "starting";
    }

    private static List<Path> crashReports(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith("hs_err"))
                    .toList();
        }
    }
}
