package dev.fovea.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer container's entry point, as SageMaker runs a training container ({@code <image> train}) and an inference
 * container ({@code <image> serve}). The image's {@code train} and {@code serve} scripts run this class's commands; so
 * do local mode's hosts and the e2e agent's pods; {@code transform} runs a batch transform. The user's
 * {@code fovea} command line (the {@code fovea-cli} module) offers these three too. Without a command it prints its
 * usage and exits 2.
 */
@Command(
        name = "fovea-trainer",
        mixinStandardHelpOptions = true,
        versionProvider = FoveaVersion.class,
        description = "The Fovea trainer container: trains one host of a job in place, fetches a channel, serves a"
                + " model, or transforms a folder of images.",
        subcommands = {
            CommandLine.HelpCommand.class,
            TrainCommand.class,
            FetchCommand.class,
            ServeCommand.class,
            TransformCommand.class
        })
public final class ContainerCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The container's command line, its option errors naming each option's environment variable. */
    static CommandLine commandLine() {
        return OptionErrors.install(new CommandLine(new ContainerCommand()));
    }
}
