package dev.fovea.trainer.local;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts one trainer host: the same java binary and class path as this JVM, running
 * {@code fovea train}, so a local run trains with exactly the code that launched it.
 */
final class GangCommand {

    static final String MAIN_CLASS = "dev.fovea.trainer.cli.FoveaCommand";

    private GangCommand() {}

    static List<String> trainCommand() {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Dai.djl.offline=true");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.add("train");
        return command;
    }
}
