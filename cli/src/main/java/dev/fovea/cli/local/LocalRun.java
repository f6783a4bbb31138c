package dev.fovea.cli.local;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.contract.ProgressClient;
import dev.fovea.api.contract.TerminationMessages;
import dev.fovea.api.hyperparameters.HyperParameterDefaults;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.Progress;
import dev.fovea.api.validation.InvalidManifestException;
import dev.fovea.api.validation.ManifestReader;
import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.io.PrintStream;
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
    private final boolean fresh;
    private final PrintStream out;
    private final PrintStream err;
    private volatile TrainerGang running;
    private volatile boolean stopped;

    public LocalRun(Path manifest, Path workDir, Map<String, Path> volumes, PrintStream out, PrintStream err) {
        this(manifest, workDir, volumes, false, out, err);
    }

    /** @param fresh whether to clear what an earlier run left in the work directory and start over */
    public LocalRun(
            Path manifest, Path workDir, Map<String, Path> volumes, boolean fresh, PrintStream out, PrintStream err) {
        this.manifest = manifest.toAbsolutePath().normalize();
        this.workDirOverride = workDir;
        this.volumes = Map.copyOf(volumes);
        this.fresh = fresh;
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
        try (WorkDirLock lock = WorkDirLock.take(layout.lockFile())) {
            if (fresh) {
                layout.clear();
                out.println("Starting over: cleared " + layout.workDir());
            } else {
                Optional<Progress> finished = FinishedRun.of(layout.finishedFile());
                if (finished.isPresent()) {
                    out.println("Job " + name + " already finished in " + layout.workDir()
                            + "; run with --fresh to train it again from the start.");
                    out.println(RunSummary.succeeded(
                                    name, finished.get(), layout.host(0).modelDir())
                            .render());
                    return ExitCodes.SUCCESS;
                }
            }
            return runWithRestarts(name, job.getSpec(), layout);
        }
    }

    /** Stops a run in progress (what Ctrl-C does): every host is stopped; complete checkpoints stay. */
    public void stop() {
        stopped = true;
        TrainerGang gang = running;
        if (gang != null) {
            gang.stopAll();
        }
    }

    /**
     * Runs the gang until it succeeds, fails with a client error, or has failed more than {@code backoffLimit} times:
     * a host that exits with a retryable code restarts the whole gang from the newest checkpoint, as the operator
     * does ({@link ExitCodes#isRetryable}).
     */
    private int runWithRestarts(String name, ImageClassificationJobSpec spec, LocalLayout layout)
            throws IOException, InterruptedException {
        Map<ChannelName, Path> channels = mapChannels(spec);
        int backoffLimit = spec.backoffLimitOrDefault();
        spec.checkpointS3()
                .ifPresent(s3 -> out.println("Checkpoints are copied to " + s3.getUri()
                        + " and resumed from there; local mode reaches it with this shell's AWS credentials ("
                        + ContainerEnvironment.AWS_ACCESS_KEY_ID + " and " + ContainerEnvironment.AWS_SECRET_ACCESS_KEY
                        + ", or the AWS SDK's default chain), not with the cluster Secret '" + s3.getSecretRef()
                        + "'."));
        layout.clearLogs();
        Thread stopOnInterrupt = new Thread(() -> interrupted(layout), "fovea-run-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        try {
            return runUntilDone(name, spec, layout, channels, backoffLimit);
        } finally {
            removeHook(stopOnInterrupt);
        }
    }

    private int runUntilDone(
            String name,
            ImageClassificationJobSpec spec,
            LocalLayout layout,
            Map<ChannelName, Path> channels,
            int backoffLimit)
            throws IOException, InterruptedException {
        for (int restarts = 0; ; restarts++) {
            TrainerGang.Outcome outcome = runOnce(name, spec, layout, channels);
            if (stopped) {
                return INTERRUPTED; // Ctrl-C: the hook stopped the hosts and says where to resume
            }
            if (outcome.succeeded()) {
                Progress last = finalProgress(layout, 0);
                FinishedRun.mark(layout.finishedFile(), last);
                out.println(RunSummary.succeeded(name, last, layout.host(0).modelDir())
                        .withRestarts(restarts)
                        .render());
                out.println("Logs: " + layout.logFile(0).getParent());
                return ExitCodes.SUCCESS;
            }
            String reason = reasonOf(layout, outcome);
            if (ExitCodes.isRetryable(outcome.exitCode()) && restarts < backoffLimit) {
                err.println("Restarting the gang (restart " + (restarts + 1) + " of at most " + backoffLimit
                        + ") after: " + reason);
                continue;
            }
            String verdict = ExitCodes.isRetryable(outcome.exitCode())
                    ? ConditionReason.BackoffLimitExceeded + " (backoffLimit " + backoffLimit + "): " + reason
                    : reason;
            err.println(RunSummary.failed(name, finalProgress(layout, 0), verdict)
                    .withRestarts(restarts)
                    .render());
            return outcome.exitCode();
        }
    }

    private TrainerGang.Outcome runOnce(
            String name, ImageClassificationJobSpec spec, LocalLayout layout, Map<ChannelName, Path> channels)
            throws IOException, InterruptedException {
        Optional<String> resumeFrom = layout.newestCheckpoint();
        out.println("Job " + name + ": " + spec.hostCount() + " host(s) on loopback, work directory "
                + layout.workDir()
                + resumeFrom
                        .map(checkpoint -> ", resuming from checkpoint " + checkpoint)
                        .orElse(""));
        LocalGang.Started started = new LocalGang(name, layout, out).start(spec, channels);
        running = started.gang();
        if (stopped) {
            started.gang().stopAll();
        }
        ProgressClient progress = new ProgressClient(PROGRESS_TIMEOUT);
        try (ProgressDisplay display = new ProgressDisplay(
                () -> started.observePortNow()
                        .map(port -> ProgressClient.uri(LoopbackHosts.ADDRESS, port))
                        .flatMap(progress::read),
                name,
                totalEpochs(spec))) {
            return started.gang().await();
        } finally {
            running = null;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it reports the stop
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

    /** What ended the failed host: the reason it left in {@code output/failure}, else its exit code and signal. */
    private static String reasonOf(LocalLayout layout, TrainerGang.Outcome outcome) throws IOException {
        int failed = ObjectNames.hostIndex(outcome.failedHost().hostName());
        String ended = outcome.failedHost().hostName() + " ended with " + ExitCodes.describe(outcome.exitCode());
        return failureReason(layout, failed)
                .map(reason -> reason + " (" + ended + ")")
                .orElse(ended + "; see " + layout.logFile(failed));
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
