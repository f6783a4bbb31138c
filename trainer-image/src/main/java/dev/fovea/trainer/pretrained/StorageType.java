package dev.fovea.trainer.pretrained;

import java.nio.ByteBuffer;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;

/**
 * The element types of PyTorch's storages, as a {@code .pt}'s {@code data.pkl} names them ({@code torch.FloatStorage},
 * ...), with the width of one element in the archive's little-endian {@code data/<key>} entries. A constructor only
 * so that the unpickler resolves the {@code GLOBAL} to it; storages are never built by the pickle itself.
 */
enum StorageType implements IObjectConstructor {
    FLOAT("FloatStorage", 4, true),
    DOUBLE("DoubleStorage", 8, true),
    HALF("HalfStorage", 2, true),
    BFLOAT16("BFloat16Storage", 2, true),
    LONG("LongStorage", 8, false),
    INT("IntStorage", 4, false),
    SHORT("ShortStorage", 2, false),
    CHAR("CharStorage", 1, false),
    BYTE("ByteStorage", 1, false),
    BOOL("BoolStorage", 1, false);

    private final String pickleName;
    private final int bytes;
    private final boolean floating;

    StorageType(String pickleName, int bytes, boolean floating) {
        this.pickleName = pickleName;
        this.bytes = bytes;
        this.floating = floating;
    }

    /** The class name after {@code torch.} in the pickle. */
    String pickleName() {
        return pickleName;
    }

    int bytes() {
        return bytes;
    }

    boolean floating() {
        return floating;
    }

    /** Element {@code index} of a little-endian storage as a float; only for the floating types. */
    float read(ByteBuffer storage, long index) {
        int position = Math.toIntExact(index * bytes);
        return switch (this) {
            case FLOAT -> storage.getFloat(position);
            case DOUBLE -> (float) storage.getDouble(position);
            case HALF -> Float.float16ToFloat(storage.getShort(position));
            case BFLOAT16 -> Float.intBitsToFloat((storage.getShort(position) & 0xffff) << 16);
            default -> throw new IllegalStateException(this + " storages hold integers, not weights");
        };
    }

    @Override
    public Object construct(Object[] args) {
        throw new PickleException("torch." + pickleName + " is a storage type, not a callable");
    }
}
