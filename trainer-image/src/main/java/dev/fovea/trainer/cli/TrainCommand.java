package dev.fovea.trainer.cli;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.Ports;
import dev.fovea.trainer.TrainerEnvironment;
import dev.fovea.trainer.TrainerFailure;
import dev.fovea.trainer.TrainingJob;
import dev.fovea.trainer.stop.StopRequest;
import dev.fovea.trainer.stop.StopSignals;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code fovea train}: one trainer host, in place, against {@code FOVEA_ML_ROOT} (default {@code /opt/ml}) — what the
 * image's {@code train} runs. Exits 0 when done, 2 on the user's error, 3 when a peer was lost, 143 when SIGTERM
 * stopped it (130 for SIGINT), 1 otherwise, and on any failure leaves the reason in {@code output/failure}.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains on this host from the SageMaker container contract under " + ContainerEnvironment.ML_ROOT
                    + " (default " + MlRoot.DEFAULT_PATH + ").",
            "Environment: " + ContainerEnvironment.ML_ROOT + ", " + ContainerEnvironment.OBSERVE_PORT + " ("
                    + Ports.OBSERVE + "), "
                    + ContainerEnvironment.JOB_NAME + ", " + ContainerEnvironment.TERMINATION_LOG + ", "
                    + ContainerEnvironment.SEED + ", and the exchange's " + ContainerEnvironment.EXCHANGE_PORT + ", "
                    + ContainerEnvironment.EXCHANGE_TOKEN + ", " + ContainerEnvironment.STARTUP_TIMEOUT_SECONDS + ", "
                    + ContainerEnvironment.PEER_TIMEOUT_SECONDS + " and " + ContainerEnvironment.EXCHANGE_DEBUG + "."
        })
public final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    private final Map<String, String> environment;

    public TrainCommand() {
        this(System.getenv());
    }

    /** A command that reads {@code environment} instead of the process's (for tests and local mode). */
    TrainCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        StopRequest stop = new StopRequest().guard(Thread.currentThread());
        StopSignals.install(stop);
        if ("1".equals(environment.get(ContainerEnvironment.STOP_WHEN_STDIN_CLOSES))) {
            StopSignals.watchLifeline(System.in, stop);
        }
        System.setProperty("ai.djl.offline", "true");
        MlRoot root = MlRoot.fromEnvironment(environment);
        stop.onHalt(() -> stop.reason()
                .ifPresent(reason -> writeFailure(
                        root, new TrainerFailure(reason.exitCode(), "Terminated: stopped by " + reason.why()))));
        try {
            new TrainingJob(TrainerEnvironment.of(environment), stop).run();
            return ExitCodes.SUCCESS;
        } catch (RuntimeException | Error e) {
            TrainerFailure failure = TrainerFailure.of(e, stop);
            LOG.error("Training failed ({}): {}", failure.exitCode(), failure.reason(), e);
            writeFailure(root, failure);
            return failure.exitCode();
        }
    }

    private static void writeFailure(MlRoot root, TrainerFailure failure) {
        try {
            failure.writeTo(root);
        } catch (IOException e) {
            LOG.error("Cannot write {}: {}", root.failureFile(), e.getMessage());
        }
    }
}
