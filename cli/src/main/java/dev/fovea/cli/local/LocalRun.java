package dev.fovea.cli.local;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.contract.ProgressClient;
import dev.fovea.api.contract.TerminationMessages;
import dev.fovea.api.hyperparameters.HyperParameterDefaults;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.status.Progress;
import dev.fovea.api.validation.InvalidManifestException;
import dev.fovea.api.validation.ManifestReader;
import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fovea run}: runs the job a manifest describes on this machine, without a cluster. Validates the manifest with
 * the api's rules, lays out one {@code /opt/ml} per host, starts the gang on loopback, shows progress, and ends with
 * the summary the operator would put into the job's status. Returns the exit code of the run.
 */
public final class LocalRun {

    /** The exit code of a run stopped by Ctrl-C (128 + SIGINT), as a shell reports it. */
    static final int INTERRUPTED = 130;
    /** How long one read of rank 0's progress may take; the display reads again a second later. */
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(2);

    private final Path manifest;
    private final Path workDirOverride;
    private final Map<String, Path> volumes;
    private final PrintStream out;
    private final PrintStream err;
    private volatile TrainerGang running;

    public LocalRun(Path manifest, Path workDir, Map<String, Path> volumes, PrintStream out, PrintStream err) {
        this.manifest = manifest.toAbsolutePath().normalize();
        this.workDirOverride = workDir;
        this.volumes = Map.copyOf(volumes);
        this.out = out;
        this.err = err;
    }

    /** The work directory a manifest's job runs in unless {@code --work-dir} says otherwise. */
    public static Path defaultWorkDir(String jobName) {
        return Path.of(".fovea", jobName);
    }

    public int run() throws IOException, InterruptedException {
        ImageClassificationJob job;
        try {
            job = ManifestReader.readValid(manifest);
        } catch (InvalidManifestException e) {
            err.println(manifest + " is not a valid " + ImageClassificationJob.KIND + ":");
            e.violations().forEach(violation -> err.println("  " + violation));
            return ExitCodes.CLIENT_ERROR;
        } catch (NoSuchFileException e) {
            throw new ClientError("manifest " + manifest + " does not exist");
        }
        String name = job.getMetadata().getName();
        LocalLayout layout = new LocalLayout(workDirOverride == null ? defaultWorkDir(name) : workDirOverride);
        Map<ChannelName, Path> channels = mapChannels(job.getSpec());
        Optional<String> resumeFrom = layout.newestCheckpoint();
        out.println("Job " + name + ": " + job.getSpec().hostCount() + " host(s) on loopback, work directory "
                + layout.workDir()
                + resumeFrom
                        .map(checkpoint -> ", resuming from checkpoint " + checkpoint)
                        .orElse(""));

        LocalGang.Started started = new LocalGang(name, layout, out).start(job.getSpec(), channels);
        running = started.gang();
        Thread stopOnInterrupt = new Thread(() -> interrupted(layout), "fovea-run-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        TrainerGang.Outcome outcome;
        ProgressClient progress = new ProgressClient(PROGRESS_TIMEOUT);
        URI rankZero = ProgressClient.uri(LoopbackHosts.ADDRESS, started.rankZeroObservePort());
        try (ProgressDisplay display =
                new ProgressDisplay(() -> progress.read(rankZero), name, totalEpochs(job.getSpec()))) {
            outcome = started.gang().await();
        }
        running = null;
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
        } catch (IllegalStateException shuttingDown) {
            return INTERRUPTED; // Ctrl-C: the hook stopped the hosts and says where to resume
        }
        return finish(name, layout, outcome);
    }

    /** Stops a run in progress (what Ctrl-C does): every host is stopped; complete checkpoints stay. */
    public void stop() {
        TrainerGang gang = running;
        if (gang != null) {
            gang.stopAll();
        }
    }

    private void interrupted(LocalLayout layout) {
        stop();
        try {
            err.println(layout.newestCheckpoint()
                    .map(checkpoint -> "Stopped. Checkpoint " + checkpoint + " is kept in " + layout.checkpoints()
                            + "; run the same command again to resume from it.")
                    .orElse("Stopped before the first checkpoint; the next run starts from epoch 1."));
        } catch (IOException e) {
            err.println("Stopped.");
        }
    }

    private int finish(String name, LocalLayout layout, TrainerGang.Outcome outcome) throws IOException {
        if (outcome.succeeded()) {
            out.println(RunSummary.succeeded(
                            name, finalProgress(layout, 0), layout.host(0).modelDir())
                    .render());
            out.println("Logs: " + layout.logFile(0).getParent());
            return ExitCodes.SUCCESS;
        }
        int failed = ObjectNames.hostIndex(outcome.failedHost().hostName());
        String reason = failureReason(layout, failed)
                .orElse(outcome.failedHost().hostName() + " exited with code " + outcome.exitCode() + "; see "
                        + layout.logFile(failed));
        err.println(RunSummary.failed(name, finalProgress(layout, 0), reason).render());
        return outcome.exitCode();
    }

    private Map<ChannelName, Path> mapChannels(ImageClassificationJobSpec spec) {
        VolumeMapper mapper = new VolumeMapper(manifest.getParent(), volumes);
        Map<ChannelName, Path> channels = new EnumMap<>(ChannelName.class);
        for (InputChannel channel : spec.getInputDataConfig()) {
            if (channel.getPersistentVolumeClaim() == null) {
                throw new ClientError("channel '" + channel.getChannelName().sageMakerName()
                        + "': local mode reads only persistentVolumeClaim sources; copy the s3 data into a folder "
                        + "and use a claim with --volume <claim>=<folder>");
            }
            channels.put(
                    channel.getChannelName(),
                    mapper.resolveExisting(
                            channel.getChannelName().sageMakerName(),
                            channel.getPersistentVolumeClaim().getClaimName(),
                            channel.getPersistentVolumeClaim().getSubPath()));
        }
        return channels;
    }

    private static int totalEpochs(ImageClassificationJobSpec spec) {
        return HyperParameterDefaults.applyTo(spec.getHyperParameters()).getEpochs();
    }

    /** Host {@code host}'s final progress, from the termination message it leaves; null when it left none. */
    private static Progress finalProgress(LocalLayout layout, int host) throws IOException {
        return TerminationMessages.read(layout.terminationLog(host)).orElse(null);
    }

    private static Optional<String> failureReason(LocalLayout layout, int host) throws IOException {
        Path file = layout.host(host).failureFile();
        return Files.exists(file)
                ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                : Optional.empty();
    }
}
