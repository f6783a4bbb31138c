package dev.fovea.cli.local;

import dev.fovea.trainer.cli.ContainerCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts one trainer host: the same java binary and class path as this JVM, running
 * the trainer container's {@code train}, so a local run trains with exactly the code that launched it.
 */
final class GangCommand {

    private GangCommand() {}

    /** @param crashReport where the JVM writes its report should it ever crash ({@code -XX:ErrorFile}) */
    static List<String> trainCommand(Path crashReport) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Dai.djl.offline=true");
        command.add("-XX:ErrorFile=" + crashReport);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ContainerCommand.class.getName());
        command.add("train");
        return command;
    }
}
