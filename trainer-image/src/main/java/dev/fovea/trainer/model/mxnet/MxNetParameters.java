package dev.fovea.trainer.model.mxnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A network's parameters as the arrays of an MXNet {@code .params} file and back, keyed as {@link MxNetNames} maps
 * them ({@code arg:conv0_weight}, {@code aux:bn0_moving_mean}). The network's blocks must carry MXNet's operator
 * names, as {@code SageMakerResNet}'s do.
 */
public final class MxNetParameters {

    /** How many names of each kind of problem a load failure lists. */
    private static final int LISTED = 5;

    private MxNetParameters() {}

    /**
     * The initialised network's parameters in MXNet's order for a checkpoint: the learned ones ({@code arg:}), then
     * the auxiliary states ({@code aux:}), each in the network's order; values in their own type.
     */
    public static NDArrayList of(Block network) {
        Map<String, MxNetArray> args = new LinkedHashMap<>();
        Map<String, MxNetArray> aux = new LinkedHashMap<>();
        for (Pair<String, Parameter> named : network.getParameters()) {
            String key = MxNetNames.key(named.getKey(), named.getValue());
            (key.startsWith(MxNetNames.AUX) ? aux : args)
                    .put(key, toMxNet(named.getValue().getArray()));
        }
        args.putAll(aux);
        return NDArrayList.of(args);
    }

    /**
     * Overwrites the initialised network's parameters with the file's values, converted to each parameter's type.
     * Every parameter not skipped must have its key in the file, with its shape, and the file may hold no other keys
     * than those of skipped parameters.
     *
     * @param skip parameters (by DJL name) that keep their values, e.g. a classifier trained afresh
     * @throws IllegalArgumentException listing the missing, unexpected and misshapen parameters; nothing is written
     *     then
     */
    public static void load(NDArrayList file, Block network, Predicate<String> skip) {
        Map<String, MxNetArray> values = file.byName();
        Map<Parameter, MxNetArray> plan = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> misshapen = new ArrayList<>();
        for (Pair<String, Parameter> named : network.getParameters()) {
            String key = MxNetNames.key(named.getKey(), named.getValue());
            MxNetArray value = values.remove(key);
            if (skip.test(named.getKey())) {
                continue;
            }
            Shape expected = named.getValue().getArray().getShape();
            if (value == null) {
                missing.add(key);
            } else if (!expected.equals(new Shape(value.shape()))) {
                misshapen.add(key + " is " + new Shape(value.shape()) + ", the network needs " + expected);
            } else {
                plan.put(named.getValue(), value);
            }
        }
        List<String> problems = new ArrayList<>();
        describe(problems, "missing", missing);
        describe(problems, "not in the network", List.copyOf(values.keySet()));
        describe(problems, "of the wrong shape", misshapen);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the parameters do not fit the network: " + String.join("; ", problems));
        }
        plan.forEach((parameter, value) -> copyInto(value, parameter.getArray()));
    }

    /** The array's values as an MXNet array of the same type. */
    static MxNetArray toMxNet(NDArray array) {
        ByteBuffer buffer = array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        byte[] data = new byte[buffer.remaining()];
        buffer.get(data);
        return new MxNetArray(array.getShape().getShape(), MxNetDType.of(array.getDataType()), data);
    }

    /** Overwrites {@code target} in place with {@code value}, converted to its type. */
    static void copyInto(MxNetArray value, NDArray target) {
        try (NDManager scratch = target.getManager().newSubManager()) {
            NDArray values = scratch.create(
                    ByteBuffer.wrap(value.data()).order(ByteOrder.LITTLE_ENDIAN),
                    new Shape(value.shape()),
                    value.type().djlType());
            if (values.getDataType() != target.getDataType()) {
                values = values.toType(target.getDataType(), false);
            }
            target.set(values.toByteBuffer());
        }
    }

    private static void describe(List<String> problems, String what, List<String> names) {
        if (!names.isEmpty()) {
            String listed = String.join(", ", names.subList(0, Math.min(LISTED, names.size())));
            problems.add(names.size() + " " + what + " (" + listed + (names.size() > LISTED ? ", ..." : "") + ")");
        }
    }
}
