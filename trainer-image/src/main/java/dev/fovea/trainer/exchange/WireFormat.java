package dev.fovea.trainer.exchange;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How dist_sync's ring puts gradient values on the wire ({@code FOVEA_EXCHANGE_WIRE}). Sums are always formed in
 * float32; a half-precision format only rounds each value as it is sent, halving the bytes at the cost of that
 * rounding (the bench README measures its effect on accuracy). Every host still ends with the same bits.
 */
public enum WireFormat {
    /** Exact: the values as they are (the default). */
    FLOAT32(DataType.FLOAT32),
    /** bfloat16: float32's range, 8 bits of mantissa. */
    BFLOAT16(DataType.BFLOAT16),
    /** IEEE half precision: 11 bits of mantissa, but values beyond ±65504 overflow to infinity. */
    FLOAT16(DataType.FLOAT16);

    private final DataType dataType;

    WireFormat(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }

    public int bytesPerValue() {
        return dataType.getNumOfBytes();
    }

    /** The name users write: {@code float32}, {@code bfloat16}, {@code float16}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a format by its {@link #label()}.
     *
     * @throws IllegalArgumentException naming {@code variable} and the allowed values
     */
    public static WireFormat parse(String variable, String value) {
        for (WireFormat format : values()) {
            if (format.label().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException(variable + ": '" + value + "' is not a wire format; use one of "
                + Arrays.stream(values()).map(WireFormat::label).collect(Collectors.joining(", ")));
    }
}
