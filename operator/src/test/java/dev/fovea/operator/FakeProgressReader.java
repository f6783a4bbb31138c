package dev.fovea.operator;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.Progress;
import dev.fovea.operator.progress.ProgressReader;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Optional;

/** Stands in for rank 0's {@code /progress} endpoint in the operator tests: serves what a test set last. */
@Alternative
@Priority(1)
@ApplicationScoped
public class FakeProgressReader implements ProgressReader {

    static volatile Progress next;

    @Override
    public Optional<Progress> read(ImageClassificationJob job) {
        return Optional.ofNullable(next);
    }
}
