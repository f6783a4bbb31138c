package dev.fovea.api.contract;

import dev.fovea.api.validation.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** Hyperparameters that cannot be used: unknown keys, values that do not parse, or broken rules. A client error. */
public class InvalidHyperParametersException extends ContractException {

    private final List<Violation> violations;

    public InvalidHyperParametersException(List<Violation> violations) {
        super(violations.stream().map(Violation::message).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
