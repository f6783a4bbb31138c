package dev.fovea.api.validation;

import dev.fovea.api.spec.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** A manifest that cannot be run: it does not parse, or its spec breaks rules. Carries every violation found. */
public class InvalidManifestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidManifestException(String source, List<Violation> violations) {
        super(source + " is not a valid ImageClassificationJob:\n"
                + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
