package dev.fovea.trainer.observe;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.fovea.api.status.Progress;
import dev.fovea.api.status.ProgressBuilder;
import dev.fovea.api.status.TrainerPhase;
import dev.fovea.trainer.train.EpochMetrics;
import dev.fovea.trainer.train.RunListener;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host's current {@link Progress}, as {@code GET /progress} serves it and the termination message records it:
 * updated after each batch (step) and each epoch (metrics), and when a checkpoint or the model is written. The best
 * validation accuracy continues from the checkpoint a run resumed from.
 */
public final class ProgressBoard extends TrainingListenerAdapter implements RunListener {

    private final int hostCount;
    private final AtomicLong step = new AtomicLong();
    private volatile Progress progress;
    private volatile String checkpointNotice;

    /**
     * @param hostCount the hosts in the gang: throughput is reported for the whole gang, each host training an
     *     equal share of every global batch
     */
    public ProgressBoard(int totalEpochs, int hostCount) {
        this.hostCount = hostCount;
        this.progress = Progress.starting(totalEpochs);
    }

    /** The progress now. */
    public Progress current() {
        return progress.with(copy -> copy.step(step.get()).checkpointNotice(checkpointNotice));
    }

    /** Continues after a resume: the resumed epochs are done, the checkpoint resumed from is the newest. */
    @Override
    public void onResumed(Resume resume) {
        Progress now = progress;
        progress = ProgressBuilder.builder()
                .epoch(resume.finishedEpochs())
                .totalEpochs(now.totalEpochs())
                .step(0L)
                .lastCheckpoint(resume.checkpoint())
                .phase(now.phase())
                .bestValidationAccuracy(resume.bestValidationAccuracy())
                .build();
    }

    /** Reports, until the host ends, that checkpoints were skipped (the operator shows it in the job's status). */
    @Override
    public void onCheckpointsSkipped(String notice) {
        checkpointNotice = notice;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        progress = progress.withPhase(TrainerPhase.Training);
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        step.incrementAndGet();
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        Progress now = progress;
        Double validation = boxed(metrics.validationAccuracy());
        Double best = now.bestValidationAccuracy();
        if (validation != null && (best == null || validation > best)) {
            best = validation;
        }
        step.set(0);
        progress = now.with()
                .epoch(metrics.epoch() + 1)
                .step(0L)
                .imagesPerSecond(metrics.imagesPerSecond() * hostCount)
                .trainAccuracy(metrics.trainAccuracy())
                .validationAccuracy(validation)
                .topKAccuracy(boxed(metrics.validationTopKAccuracy()))
                .loss(metrics.trainLoss())
                .bestValidationAccuracy(best)
                .build();
    }

    /** Records the newest complete checkpoint. */
    @Override
    public void onCheckpointWritten(Path directory) {
        progress = progress.withLastCheckpoint(directory.getFileName().toString());
    }

    /** Training finished and the model is at {@code modelArtifact} (its directory, or its {@code s3://} URI). */
    public void succeeded(String modelArtifact) {
        progress = current().with(done -> done.phase(TrainerPhase.Succeeded).modelArtifact(modelArtifact));
    }

    /** Training failed; returns the final progress. */
    public Progress failed() {
        progress = current().withPhase(TrainerPhase.Failed);
        return progress;
    }

    /** The progress of a host that failed before it knew its job (unreadable or invalid configuration). */
    public static Progress failedBeforeStart() {
        return ProgressBuilder.builder()
                .epoch(0)
                .step(0L)
                .phase(TrainerPhase.Failed)
                .build();
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
