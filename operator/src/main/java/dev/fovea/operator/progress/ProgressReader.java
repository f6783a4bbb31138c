package dev.fovea.operator.progress;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.Progress;
import java.util.Optional;

/** Reads a running job's progress from its rank-0 trainer. Empty when it cannot be read right now. */
public interface ProgressReader {

    Optional<Progress> read(ImageClassificationJob job);
}
