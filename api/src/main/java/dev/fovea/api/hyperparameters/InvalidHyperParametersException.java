package dev.fovea.api.hyperparameters;

import dev.fovea.api.spec.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Hyperparameters that cannot be used: unknown keys, values that do not parse, or broken rules. The user's error (the
 * trainer exits 2); it lists every problem at once.
 */
public class InvalidHyperParametersException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidHyperParametersException(List<Violation> violations) {
        super(violations.stream().map(Violation::message).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
