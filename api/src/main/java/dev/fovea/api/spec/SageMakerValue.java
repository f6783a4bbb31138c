package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An enum whose constants are written in SageMaker's own spelling (lowercase, sometimes with underscores or slashes)
 * in manifests and in {@code hyperparameters.json}. The spelling is the constant's {@link JsonProperty}, written once.
 */
public interface SageMakerValue {

    /** The spelling SageMaker uses for this value, e.g. {@code dist_sync}. */
    default String sageMakerName() {
        Enum<?> constant = (Enum<?>) this;
        try {
            return constant.getDeclaringClass()
                    .getField(constant.name())
                    .getAnnotation(JsonProperty.class)
                    .value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("an enum constant is always a public field", e);
        }
    }

    /** The constant of {@code type} spelled {@code name}, or {@code null} when there is none. */
    static <E extends Enum<E> & SageMakerValue> E fromSageMakerName(Class<E> type, String name) {
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.sageMakerName().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** The allowed spellings, comma separated, for error messages. */
    static <E extends Enum<E> & SageMakerValue> String allowedNames(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(SageMakerValue::sageMakerName)
                .collect(Collectors.joining(", "));
    }
}
