package dev.fovea.trainer.inference;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The values one setting of {@code serve} or {@code transform} may take, {@code min} to {@code max} inclusive; the
 * check's message names the setting, the value and the range.
 */
public record SettingRange(long min, long max) {

    public SettingRange {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
    }

    /** {@code value}, or an {@link IllegalArgumentException} naming {@code setting} when it is out of range. */
    public long check(String setting, long value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + " " + value + " must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    /** {@code value}, when it lies between {@code min} and {@code max} {@code unit}s. */
    public Duration check(String setting, Duration value, ChronoUnit unit) {
        if (value.compareTo(Duration.of(min, unit)) < 0 || value.compareTo(Duration.of(max, unit)) > 0) {
            throw new IllegalArgumentException(setting + " " + value + " must be in [" + min + ", " + max + "] "
                    + unit.name().toLowerCase(Locale.ROOT));
        }
        return value;
    }
}
