package dev.fovea.e2e.scenario;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The programs of the trainer image, run from the packaged CLI ({@code cli/target}: its jar, and in {@code lib/} every
 * dependency, the trainer's jar included) the way the image's scripts run them: {@code train} starts the trainer
 * container's entry point, {@code fovea} the user's command line.
 */
public record FoveaDistribution(Path cliJar, Path lib) {

    private static final String TRAINER_MAIN = "dev.fovea.trainer.cli.ContainerCommand";
    private static final String CLI_MAIN = "dev.fovea.cli.FoveaCommand";

    /** {@code train ARGS...}: one trainer host in place, what a trainer pod runs. */
    public List<String> train(List<String> arguments) {
        List<String> command = java(lib + "/*", TRAINER_MAIN);
        command.add("train");
        command.addAll(arguments);
        return command;
    }

    /** {@code fovea ARGS...}. */
    public List<String> fovea(List<String> arguments) {
        List<String> command = java(cliJar + File.pathSeparator + lib + "/*", CLI_MAIN);
        command.addAll(arguments);
        return command;
    }

    private static List<String> java(String classPath, String mainClass) {
        return new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                classPath,
                mainClass));
    }
}
