package dev.fovea.trainer.model.mxnet;

import ai.djl.ndarray.types.Shape;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Operator attributes as MXNet's Python front end writes them into a symbol: the {@code str()} of the Python value
 * ({@code "(3, 3)"}, {@code "True"}, {@code "2e-05"}, {@code "0.9"}).
 */
final class AttributeValues {

    /** Python writes floats below this magnitude (and from 1e16 on) in exponent notation. */
    private static final int SMALLEST_PLAIN_EXPONENT = -4;

    private static final int LARGEST_PLAIN_EXPONENT = 15;

    private AttributeValues() {}

    /** A Python tuple of the shape's sizes: {@code (7, 7)}. */
    static String tuple(Shape shape) {
        return Arrays.stream(shape.getShape()).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /** A Python boolean: {@code True} or {@code False}. */
    static String bool(boolean value) {
        return value ? "True" : "False";
    }

    /**
     * The shortest Python float literal that reads back as {@code value} ({@code repr}): {@code 0.9}, {@code 1.0},
     * {@code 2e-05}.
     */
    static String pythonFloat(float value) {
        BigDecimal decimal = new BigDecimal(Float.toString(value)).stripTrailingZeros();
        if (decimal.signum() == 0) {
            return "0.0";
        }
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent < SMALLEST_PLAIN_EXPONENT || exponent > LARGEST_PLAIN_EXPONENT) {
            String digits = decimal.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String sign = decimal.signum() < 0 ? "-" : "";
            return String.format("%s%se%s%02d", sign, mantissa, exponent < 0 ? "-" : "+", Math.abs(exponent));
        }
        String plain = decimal.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
