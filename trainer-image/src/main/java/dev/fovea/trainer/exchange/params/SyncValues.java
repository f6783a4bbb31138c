package dev.fovea.trainer.exchange.params;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What a dist_sync step averages, as one {@link FlatVector} in {@link ParameterLayout}'s order: every trainable
 * parameter's gradient (summed over this host's devices), then every other parameter's value. Where that memory is
 * a float32 tensor on the CPU with a single copy — the usual CPU case — the vector lies over the tensor itself, and
 * the exchange reads from and writes into it with no copy at all. Otherwise (GPUs, several devices, float16
 * parameters) the slot is staged: a float32 CPU copy is exchanged and written back when the step closes.
 */
public final class SyncValues {

    private final ParameterLayout layout;
    private boolean[] direct;
    /** Views of the statistics' own memory: batch norm updates them in place, so they stay valid. */
    private ByteBuffer[] statistics;

    public SyncValues(ParameterLayout layout) {
        this.layout = layout;
    }

    /** This step's values; close the step to write staged slots back. */
    public Step open() {
        if (direct == null) {
            direct = new boolean[layout.slots().size()];
            statistics = new ByteBuffer[layout.slots().size()];
            for (ParameterLayout.Slot slot : layout.slots()) {
                direct[slot.index()] = slot.mirrors().copies().size() == 1 && DirectMemory.isOwnMemory(source(slot));
                if (direct[slot.index()] && !slot.trainable()) {
                    statistics[slot.index()] = source(slot).view();
                }
            }
        }
        return new Step();
    }

    /** One step's vector, and the staged copies to write back. */
    public final class Step implements AutoCloseable {

        private final NDArray[] staged = new NDArray[layout.slots().size()];
        private final FlatVector vector;
        private NDManager scratch;

        private Step() {
            List<ByteBuffer> pieces = new ArrayList<>();
            for (ParameterLayout.Slot slot : layout.slots()) {
                int index = slot.index();
                if (statistics[index] != null) {
                    pieces.add(statistics[index].duplicate().order(ByteOrder.nativeOrder()));
                } else if (direct[index]) {
                    pieces.add(source(slot).view());
                } else {
                    if (scratch == null) {
                        scratch = NDManager.newBaseManager(Device.cpu());
                    }
                    staged[index] = slot.trainable()
                            ? slot.mirrors().gradientSum(scratch)
                            : Mirrors.float32OnCpu(slot.array(), scratch);
                    pieces.add(DirectMemory.view(staged[index]));
                }
            }
            vector = new FlatVector(pieces);
        }

        public FlatVector vector() {
            return vector;
        }

        /** Writes the staged slots' exchanged values back: gradients into the gradients, values into every copy. */
        @Override
        public void close() {
            try {
                for (ParameterLayout.Slot slot : layout.slots()) {
                    NDArray values = staged[slot.index()];
                    if (values != null && slot.trainable()) {
                        slot.mirrors().setGradientSum(values);
                    } else if (values != null) {
                        slot.mirrors().overwrite(values);
                    }
                }
            } finally {
                if (scratch != null) {
                    scratch.close();
                }
            }
        }
    }

    /** The memory a slot contributes: its gradient's (trainable) or its value's, on the first device. */
    private static DirectMemory.Source source(ParameterLayout.Slot slot) {
        return new DirectMemory.Source(slot.array(), slot.trainable());
    }
}
