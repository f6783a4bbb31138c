package dev.fovea.cli.local;

import dev.fovea.cli.FoveaCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code fovea run} as a user starts it from a shell: a JVM of its own, with this test's class path. */
final class FoveaProcess {

    private FoveaProcess() {}

    /**
     * {@code fovea run} of an {@link MnistSlice} manifest written into {@code folder}, in {@code workDir}, with
     * {@code options} after the slice's volumes; its output goes to {@code log}.
     */
    static ProcessBuilder run(Path folder, Path manifest, Path workDir, Path log, String... options) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dai.djl.offline=true",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                FoveaCommand.class.getName(),
                "run",
                "-f",
                manifest.toString(),
                "--work-dir",
                workDir.toString(),
                "--volume",
                "slice=" + folder.resolve("slice"),
                "--volume",
                "mnist-data=" + MnistSlice.FIXTURE));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    }
}
