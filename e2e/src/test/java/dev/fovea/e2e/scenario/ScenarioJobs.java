package dev.fovea.e2e.scenario;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.CheckpointConfig;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.OutputDataConfig;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.status.JobPhase;
import dev.fovea.api.validation.ManifestReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The scenarios' jobs: the repository's MNIST manifest with a name, a work claim and tweaks, and how to watch them. */
public final class ScenarioJobs {

    public static final String NAMESPACE = "default";
    public static final String WORK_CLAIM = "e2e-work";

    private static final Pattern VALIDATION_LINE = Pattern.compile("Epoch\\[(\\d+)] Validation-accuracy=([0-9.]+)");
    private static final Pattern TRAIN_LINE = Pattern.compile("Epoch\\[(\\d+)] Train-accuracy=");

    private final KubernetesClient client;
    private final Path manifest;
    private final ProgressWatch progress;

    public ScenarioJobs(KubernetesClient client, Path manifest) {
        this.client = client;
        this.manifest = manifest;
        this.progress = new ProgressWatch(client, NAMESPACE);
    }

    /** Creates the MNIST job as {@code name}, its checkpoints and model on the work claim, after {@code tweak}. */
    public ImageClassificationJob create(String name, Consumer<ImageClassificationJob> tweak) {
        ImageClassificationJob job;
        try {
            job = ManifestReader.parse(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        job.getMetadata().setName(name);
        job.getMetadata().setNamespace(NAMESPACE);
        CheckpointConfig checkpoints = new CheckpointConfig();
        checkpoints.setPersistentVolumeClaim(new PersistentVolumeClaimSource(WORK_CLAIM, name + "/checkpoints"));
        job.getSpec().setCheckpointConfig(checkpoints);
        OutputDataConfig output = new OutputDataConfig();
        output.setPersistentVolumeClaim(new PersistentVolumeClaimSource(WORK_CLAIM, name + "/model"));
        job.getSpec().setOutputDataConfig(output);
        tweak.accept(job);
        return client.resource(job).create();
    }

    /**
     * Creates the job, expecting it to be refused: by the API server (a real one checks the CRD's schema and CEL
     * rules) or else by the operator (the Failed condition). Returns what the user is told.
     */
    String createOrRejection(String name, Consumer<ImageClassificationJob> tweak) {
        try {
            create(name, tweak);
        } catch (KubernetesClientException rejected) {
            return rejected.getMessage();
        }
        ImageClassificationJob job = awaitPhase(name, JobPhase.Failed);
        return job.getStatus().getConditions().stream()
                .map(condition -> condition.getReason() + ": " + condition.getMessage())
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    ImageClassificationJob get(String name) {
        return client.resources(ImageClassificationJob.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
    }

    Optional<JobPhase> phase(String name) {
        ImageClassificationJob job = get(name);
        return job == null || job.getStatus() == null
                ? Optional.empty()
                : Optional.ofNullable(job.getStatus().getPhase());
    }

    /** The job once it is in {@code phase}; fails if it finished in another one or stopped making progress. */
    public ImageClassificationJob awaitPhase(String name, JobPhase phase) {
        progress.until(
                name,
                "phase " + phase,
                () -> phase(name)
                        .filter(seen -> seen == phase || seen.isFinished())
                        .isPresent());
        ImageClassificationJob job = get(name);
        if (job.getStatus().getPhase() != phase) {
            throw new AssertionError(name + " ended " + job.getStatus().getPhase() + " instead of " + phase + ": "
                    + job.getStatus().getConditions());
        }
        return job;
    }

    /** Waits, as long as the job makes progress, until {@code reached} holds. */
    void await(String name, String what, BooleanSupplier reached) {
        progress.until(name, what, reached);
    }

    /** The reason of the condition of the job's current phase, e.g. {@code SuspendedByKueue}. */
    Optional<String> phaseReason(String name) {
        ImageClassificationJob job = get(name);
        if (job == null || job.getStatus() == null || job.getStatus().getPhase() == null) {
            return Optional.empty();
        }
        String type = job.getStatus().getPhase().name();
        return job.getStatus().getConditions().stream()
                .filter(condition -> type.equals(condition.getType()))
                .map(condition -> condition.getReason())
                .findFirst();
    }

    void patchSuspend(String name, boolean suspend) {
        client.resources(ImageClassificationJob.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .edit(job -> {
                    job.getSpec().setSuspend(suspend);
                    return job;
                });
    }

    /** The last {@code Epoch[N] Validation-accuracy=F} a trainer logged. */
    public static OptionalDouble lastValidationAccuracy(String log) {
        Matcher matcher = VALIDATION_LINE.matcher(log);
        OptionalDouble last = OptionalDouble.empty();
        while (matcher.find()) {
            last = OptionalDouble.of(Double.parseDouble(matcher.group(2)));
        }
        return last;
    }

    /** The epochs a trainer logged training accuracy for, in order: where a (resumed) run started. */
    public static List<Integer> trainedEpochs(String log) {
        Matcher matcher = TRAIN_LINE.matcher(log);
        List<Integer> epochs = new java.util.ArrayList<>();
        while (matcher.find()) {
            epochs.add(Integer.parseInt(matcher.group(1)));
        }
        return epochs;
    }

    /**
     * A quicker variant for the scenarios that test the lifecycle rather than accuracy: {@code epochs} epochs over
     * the fixture's 2,000 PNG images (+ {@code .lst}) instead of the 10,000 RecordIO ones, a checkpoint per epoch.
     */
    public static void shorten(ImageClassificationJob job, int epochs) {
        HyperParameters hyperParameters = job.getSpec().getHyperParameters();
        hyperParameters.setEpochs(epochs);
        hyperParameters.setLrSchedulerStep(null);
        hyperParameters.setCheckpointFrequency(1);
        hyperParameters.setNumTrainingSamples(2000);
        job.getSpec()
                .setInputDataConfig(List.of(
                        pngChannel(ChannelName.TRAIN, "png/train"),
                        pngChannel(ChannelName.VALIDATION, "png/validation"),
                        pngChannel(ChannelName.TRAIN_LST, "png/train_lst"),
                        pngChannel(ChannelName.VALIDATION_LST, "png/validation_lst")));
    }

    private static InputChannel pngChannel(ChannelName name, String subPath) {
        InputChannel channel = new InputChannel(name, ContentType.IMAGE);
        channel.setPersistentVolumeClaim(new PersistentVolumeClaimSource("mnist-data", subPath));
        return channel;
    }
}
