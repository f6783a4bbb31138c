package dev.fovea.trainer.pretrained;

import java.util.Arrays;
import java.util.List;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Reads the {@code data.pkl} of a PyTorch archive (TorchScript's {@code torch.jit.save} or {@code torch.save}) with
 * Pyrolite's unpickler, which executes nothing: modules and dictionaries become maps, tensors {@link TorchTensor}s
 * whose bytes stay in the archive. Only the few callables such pickles use are known; any other one fails.
 */
final class TorchUnpickler extends Unpickler {

    /** A persistent id {@code ('storage', torch.FloatStorage, key, location, size)}. */
    record StorageRef(StorageType type, String key) {}

    /** TorchScript's typed-list builders; the value is their first argument. */
    private static final List<String> JIT_LIST_BUILDERS = List.of(
            "build_intlist",
            "build_doublelist",
            "build_boollist",
            "build_tensorlist",
            "build_genericlist",
            "restore_type_tag");

    static {
        for (StorageType type : StorageType.values()) {
            registerConstructor("torch", type.pickleName(), type);
        }
        registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchUnpickler::rebuildTensor);
        registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
        registerConstructor("collections", "OrderedDict", args -> new PickledOrderedDict());
        IObjectConstructor firstArgument = args -> args[0];
        JIT_LIST_BUILDERS.forEach(name -> registerConstructor("torch.jit._pickle", name, firstArgument));
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (pid instanceof Object[] tuple
                && tuple.length >= 3
                && "storage".equals(tuple[0])
                && tuple[1] instanceof StorageType type) {
            return new StorageRef(type, String.valueOf(tuple[2]));
        }
        throw new PickleException("unsupported persistent id " + describe(pid));
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, ...)}. */
    private static TorchTensor rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new PickleException("unexpected _rebuild_tensor_v2 arguments " + describe(args));
        }
        return new TorchTensor(
                storage.type(), storage.key(), ((Number) args[1]).longValue(), longs(args[2]), longs(args[3]));
    }

    private static long[] longs(Object tuple) {
        Object[] values = (Object[]) tuple;
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = ((Number) values[i]).longValue();
        }
        return longs;
    }

    private static String describe(Object value) {
        return value instanceof Object[] tuple ? Arrays.asList(tuple).toString() : String.valueOf(value);
    }
}
