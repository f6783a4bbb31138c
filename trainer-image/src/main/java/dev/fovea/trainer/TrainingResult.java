package dev.fovea.trainer;

import dev.fovea.api.status.Progress;
import dev.fovea.trainer.train.TrainingRun.RunResult;
import java.nio.file.Path;

/**
 * What {@link TrainingJob#run()} produced.
 *
 * @param run the epochs trained (after a resume, only the remaining ones)
 * @param modelDirectory where the model was written, or {@code null} on a host other than rank 0
 * @param progress the final progress, as written to the termination message
 * @param seconds wall time of the whole job
 */
public record TrainingResult(RunResult run, Path modelDirectory, Progress progress, double seconds) {}
