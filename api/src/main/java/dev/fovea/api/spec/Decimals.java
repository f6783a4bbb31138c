package dev.fovea.api.spec;

import java.math.BigDecimal;

/** How Fovea writes a float for people and for SageMaker's files: "0.0001", never Java's "1.0E-4". */
public final class Decimals {

    private Decimals() {}

    /** A plain decimal with at least one digit after the point: "0.0001", "2.0", "0.00000001". */
    public static String plain(double value) {
        String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /** Integers as they are, floats as {@link #plain(double)}. */
    public static String display(Number number) {
        return number instanceof Double || number instanceof Float ? plain(number.doubleValue()) : number.toString();
    }
}
