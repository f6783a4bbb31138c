package dev.fovea.cli;

import dev.fovea.trainer.cli.FetchCommand;
import dev.fovea.trainer.cli.FoveaVersion;
import dev.fovea.trainer.cli.ServeCommand;
import dev.fovea.trainer.cli.TrainCommand;
import dev.fovea.trainer.cli.TransformCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fovea} command line, the user's local tool: local mode, conversion, prediction, validation, the SageMaker
 * importer, and the trainer container's {@code train} (one host in place), {@code fetch} (a channel from S3),
 * {@code serve} (the inference container) and {@code transform} (batch transform). Each subcommand lives in its own class;
 * register new ones in {@code subcommands}.
 */
@Command(
        name = "fovea",
        mixinStandardHelpOptions = true,
        versionProvider = FoveaVersion.class,
        description = "Trains image classifiers with SageMaker's Image Classification hyperparameters.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ImportSageMakerCommand.class,
            ConvertCommand.class,
            RunCommand.class,
            ValidateCommand.class,
            TrainCommand.class,
            FetchCommand.class,
            ServeCommand.class,
            TransformCommand.class,
            PredictCommand.class
        })
public final class FoveaCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FoveaCommand()).execute(args));
    }
}
