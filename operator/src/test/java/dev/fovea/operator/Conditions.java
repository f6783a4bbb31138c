package dev.fovea.operator;

import dev.fovea.api.ImageClassificationJob;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;

/** A job's status conditions by type, for the tests' assertions. */
final class Conditions {

    private Conditions() {}

    static Optional<Condition> find(ImageClassificationJob job, String type) {
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst();
    }

    static Condition of(ImageClassificationJob job, String type) {
        return find(job, type)
                .orElseThrow(() -> new AssertionError(
                        "no condition " + type + " in " + job.getStatus().getConditions()));
    }
}
