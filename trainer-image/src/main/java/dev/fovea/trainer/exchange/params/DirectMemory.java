package dev.fovea.trainer.exchange.params;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tensor's own memory as a direct buffer, so the exchange can send from it and receive into it with no copy.
 * libtorch hands Java such a view for a contiguous CPU tensor and a copy for anything else, and says nothing about
 * which it was, so {@link #isOwnMemory} finds out by writing through one view and reading through another.
 */
public final class DirectMemory {

    private DirectMemory() {}

    /** A parameter's value or, with {@code gradient}, its gradient. */
    public record Source(NDArray parameter, boolean gradient) {

        /** The source's memory (or a copy of it: check {@link #isOwnMemory} once), float32 in native order. */
        public ByteBuffer view() {
            if (!gradient) {
                return DirectMemory.view(parameter);
            }
            try (NDArray values = parameter.getGradient()) {
                return DirectMemory.view(values);
            }
        }
    }

    /** A direct view of a float32 CPU array: its own memory when {@link #isOwnMemory}, else a copy. */
    public static ByteBuffer view(NDArray array) {
        return array.toByteBuffer(true).order(ByteOrder.nativeOrder());
    }

    /** Writes {@code array}'s values as float32 into {@code target} (whatever the array's type and device). */
    public static void copyFloat32(NDArray array, ByteBuffer target) {
        if (array.getDevice().equals(Device.cpu()) && array.getDataType() == DataType.FLOAT32) {
            target.duplicate().put(view(array));
            return;
        }
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            target.duplicate().put(view(Mirrors.float32OnCpu(array, scratch)));
        }
    }

    /** Whether {@link Source#view} is the source's own memory: a float32 CPU array laid out contiguously. */
    public static boolean isOwnMemory(Source source) {
        NDArray array = source.parameter();
        if (!array.getDevice().equals(Device.cpu()) || array.getDataType() != DataType.FLOAT32) {
            return false;
        }
        ByteBuffer first = source.view();
        if (first.remaining() < Float.BYTES) {
            return true;
        }
        int original = first.getInt(0);
        first.putInt(0, ~original);
        boolean same = source.view().getInt(0) == ~original;
        first.putInt(0, original);
        return same;
    }
}
