package dev.fovea.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer container's entry point, as SageMaker runs a training container: {@code <image> train}. The image's
 * {@code train} script runs this class's {@code train}; so do local mode's hosts and the e2e agent's pods. The user's
 * {@code fovea} command line (the {@code fovea-cli} module) offers {@code train} too. Without a command it prints its
 * usage and exits 2.
 */
@Command(
        name = "fovea-trainer",
        mixinStandardHelpOptions = true,
        versionProvider = FoveaVersion.class,
        description = "The Fovea trainer container: runs one host of a training job in place.",
        subcommands = {CommandLine.HelpCommand.class, TrainCommand.class})
public final class ContainerCommand {

    public static void main(String[] args) {
        System.exit(new CommandLine(new ContainerCommand()).execute(args));
    }
}
