package dev.fovea.api.spec;

import java.util.function.UnaryOperator;

/**
 * One broken rule: the field (a path such as {@code spec.hyperParameters.numLayers}, or a SageMaker key such as
 * {@code num_layers}), the offending value as the user wrote it ({@code null} when missing), and a message for a person
 * that names the field, the value and what is allowed.
 */
public record Violation(String field, String value, String message) {

    /** The same violation with its field under {@code path}, e.g. {@code spec.hyperParameters}. */
    public Violation under(String path) {
        return new Violation(path + "." + field, value, message);
    }

    /** The same violation with {@code rename} applied to its field and its message, e.g. to other field names. */
    public Violation renamed(UnaryOperator<String> rename) {
        return new Violation(field == null ? null : rename.apply(field), value, rename.apply(message));
    }

    @Override
    public String toString() {
        return field == null || field.isEmpty() ? message : field + ": " + message;
    }
}
