package dev.fovea.operator;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.Progress;
import dev.fovea.operator.progress.ProgressReader;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for rank 0's {@code /progress} endpoint in the operator tests: serves, per job, what a test set last. A
 * test injects it and {@link #reset}s it, so that nothing one test served reaches another's jobs.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FakeProgressReader implements ProgressReader {

    private final Map<String, Progress> served = new ConcurrentHashMap<>();

    /** From now on, {@code job}'s rank 0 reports {@code progress}. */
    public void serve(String job, Progress progress) {
        served.put(job, progress);
    }

    public void reset() {
        served.clear();
    }

    @Override
    public Optional<Progress> read(ImageClassificationJob job) {
        return Optional.ofNullable(served.get(job.getMetadata().getName()));
    }
}
