package dev.fovea.trainer;

import java.util.Map;
import java.util.function.BiFunction;

/** Reading the trainer's {@code FOVEA_*} environment variables, with errors that name the variable and its value. */
public final class EnvironmentVariables {

    private EnvironmentVariables() {}

    /**
     * The whole number in {@code name}, or {@code fallback} when it is unset or blank.
     *
     * @param invalid the failure for a value that is not a whole number, given the message and the parse error
     */
    public static long wholeNumber(
            Map<String, String> env,
            String name,
            long fallback,
            BiFunction<String, Throwable, ? extends RuntimeException> invalid) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw invalid.apply(name + " is '" + value + "'; it must be a whole number", e);
        }
    }
}
