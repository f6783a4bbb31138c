package dev.fovea.trainer.model.mxnet;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/** MXNet's element types, by the {@code type_flag} (mshadow's type enum) a {@code .params} file stores. */
public enum MxNetDType {
    FLOAT32(0, 4, DataType.FLOAT32),
    FLOAT64(1, 8, DataType.FLOAT64),
    FLOAT16(2, 2, DataType.FLOAT16),
    UINT8(3, 1, DataType.UINT8),
    INT32(4, 4, DataType.INT32),
    INT8(5, 1, DataType.INT8),
    INT64(6, 8, DataType.INT64);

    private final int flag;
    private final int bytes;
    private final DataType djlType;

    MxNetDType(int flag, int bytes, DataType djlType) {
        this.flag = flag;
        this.bytes = bytes;
        this.djlType = djlType;
    }

    /** The {@code type_flag} stored in the file. */
    public int flag() {
        return flag;
    }

    /** The size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The same type in DJL. */
    public DataType djlType() {
        return djlType;
    }

    /**
     * The type a file's {@code type_flag} names.
     *
     * @throws IllegalArgumentException for a flag none of these types has
     */
    public static MxNetDType ofFlag(int flag) {
        return Arrays.stream(values())
                .filter(type -> type.flag == flag)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("type_flag " + flag + " is not one of "
                        + Arrays.stream(values())
                                .map(t -> t.flag + " (" + t + ")")
                                .toList()));
    }

    /**
     * The MXNet type of a DJL type.
     *
     * @throws IllegalArgumentException for a DJL type MXNet's files do not store
     */
    public static MxNetDType of(DataType djlType) {
        return Arrays.stream(values())
                .filter(type -> type.djlType == djlType)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("MXNet files cannot hold " + djlType + " arrays"));
    }
}
