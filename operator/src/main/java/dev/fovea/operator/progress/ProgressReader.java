package dev.fovea.operator.progress;

import java.util.Optional;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.Progress;

/** Reads a running job's progress from its rank-0 trainer. Empty when it cannot be read right now. */
public interface ProgressReader {

    Optional<Progress> read(ImageClassificationJob job);
}
