package dev.fovea.trainer.model.mxnet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Convolution;
import dev.fovea.trainer.model.mxnet.SymbolGraph.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Adds MXNet operators to a {@link SymbolGraph} as MXNet's Python front end creates them: the operator's variables
 * (named {@code <operator><suffix>}, see {@link MxNetNames}) carry the operator's attributes, and the attributes
 * are the arguments the Python call passed, as strings ({@link AttributeValues}).
 */
public final class MxNetOperators {

    /** The initialisers MXNet records on BatchNorm's moving statistics. */
    private static final String INIT = "__init__";

    private static final String ZERO_INIT = "[\"zero\", {}]";
    private static final String ONE_INIT = "[\"one\", {}]";
    private static final SortedMap<String, String> NO_ATTRIBUTES = new TreeMap<>();

    private MxNetOperators() {}

    /** The network's input variable. */
    public static Entry input(SymbolGraph graph, String name) {
        return graph.variable(name, NO_ATTRIBUTES);
    }

    /** {@code mx.sym.identity(data, name=name)}, which MXNet records as {@code _copy}. */
    public static Entry identity(SymbolGraph graph, String name, Entry data) {
        return graph.operator("_copy", name, NO_ATTRIBUTES, 1, List.of(data));
    }

    /** {@code mx.sym.BatchNorm(data, fix_gamma, eps, momentum, name)}: outputs, mean and variance. */
    public static Entry batchNorm(
            SymbolGraph graph, String name, Entry data, float epsilon, float momentum, boolean fixGamma) {
        SortedMap<String, String> attributes = new TreeMap<>();
        attributes.put("eps", AttributeValues.pythonFloat(epsilon));
        attributes.put("fix_gamma", AttributeValues.bool(fixGamma));
        attributes.put("momentum", AttributeValues.pythonFloat(momentum));
        Entry gamma = graph.variable(name + MxNetNames.GAMMA, attributes);
        Entry beta = graph.variable(name + MxNetNames.BETA, attributes);
        Entry mean = graph.variable(name + MxNetNames.MOVING_MEAN, with(attributes, INIT, ZERO_INIT));
        Entry variance = graph.variable(name + MxNetNames.MOVING_VAR, with(attributes, INIT, ONE_INIT));
        return graph.operator(
                "BatchNorm", name, attributes, 3, List.of(data, gamma, beta, mutated(mean), mutated(variance)));
    }

    /**
     * {@code mx.sym.Convolution(data, num_filter, kernel, stride, [pad,] no_bias, workspace, name)} with the
     * convolution's settings.
     *
     * @param declaresPad whether the Python call passed {@code pad} (SageMaker's shortcut convolutions do not)
     */
    public static Entry convolution(
            SymbolGraph graph, String name, Entry data, Convolution convolution, boolean declaresPad, int workspace) {
        SortedMap<String, String> attributes = new TreeMap<>();
        attributes.put("kernel", AttributeValues.tuple(convolution.getKernelShape()));
        attributes.put("no_bias", AttributeValues.bool(!convolution.isIncludeBias()));
        attributes.put("num_filter", Integer.toString(convolution.getFilters()));
        if (declaresPad) {
            attributes.put("pad", AttributeValues.tuple(convolution.getPadding()));
        }
        attributes.put("stride", AttributeValues.tuple(convolution.getStride()));
        attributes.put("workspace", Integer.toString(workspace));
        List<Entry> inputs = new ArrayList<>(List.of(data, graph.variable(name + MxNetNames.WEIGHT, attributes)));
        if (convolution.isIncludeBias()) {
            inputs.add(graph.variable(name + MxNetNames.BIAS, attributes));
        }
        return graph.operator("Convolution", name, attributes, 1, inputs);
    }

    /** {@code mx.sym.Activation(data, act_type='relu', name)}. */
    public static Entry relu(SymbolGraph graph, String name, Entry data) {
        return graph.operator("Activation", name, new TreeMap<>(Map.of("act_type", "relu")), 1, List.of(data));
    }

    /**
     * {@code mx.sym.Pooling(data, kernel, stride, pad, pool_type='max')}, named by MXNet ({@code pooling0}). It has
     * two outputs: MXNet's MKL-DNN build, which SageMaker runs, adds max-pooling's workspace as a hidden one.
     */
    public static Entry maxPooling(SymbolGraph graph, Entry data, Shape kernel, Shape stride, Shape pad) {
        SortedMap<String, String> attributes = new TreeMap<>();
        attributes.put("kernel", AttributeValues.tuple(kernel));
        attributes.put("pad", AttributeValues.tuple(pad));
        attributes.put("pool_type", "max");
        attributes.put("stride", AttributeValues.tuple(stride));
        return graph.operator("Pooling", graph.autoName("pooling"), attributes, 2, List.of(data));
    }

    /**
     * {@code mx.sym.Pooling(data, global_pool=True, kernel, pool_type='avg', name)}: the kernel is ignored, but
     * resnet.py passes one.
     */
    public static Entry globalAveragePooling(SymbolGraph graph, String name, Entry data, Shape kernel) {
        SortedMap<String, String> attributes = new TreeMap<>();
        attributes.put("global_pool", AttributeValues.bool(true));
        attributes.put("kernel", AttributeValues.tuple(kernel));
        attributes.put("pool_type", "avg");
        return graph.operator("Pooling", name, attributes, 1, List.of(data));
    }

    /** {@code mx.sym.Flatten(data)}, named by MXNet ({@code flatten0}). */
    public static Entry flatten(SymbolGraph graph, Entry data) {
        return graph.operator("Flatten", graph.autoName("flatten"), NO_ATTRIBUTES, 1, List.of(data));
    }

    /** {@code a + b} on two symbols, which MXNet records as {@code elemwise_add} named {@code _plusN}. */
    public static Entry plus(SymbolGraph graph, Entry a, Entry b) {
        return graph.operator("elemwise_add", graph.autoName("_plus"), NO_ATTRIBUTES, 1, List.of(a, b));
    }

    /** {@code mx.sym.FullyConnected(data, num_hidden, name)}, with a bias. */
    public static Entry fullyConnected(SymbolGraph graph, String name, Entry data, long numHidden) {
        SortedMap<String, String> attributes = new TreeMap<>(Map.of("num_hidden", Long.toString(numHidden)));
        Entry weight = graph.variable(name + MxNetNames.WEIGHT, attributes);
        Entry bias = graph.variable(name + MxNetNames.BIAS, attributes);
        return graph.operator("FullyConnected", name, attributes, 1, List.of(data, weight, bias));
    }

    /** {@code mx.sym.SoftmaxOutput(data, name)}, with its label variable {@code <name>_label}. */
    public static Entry softmaxOutput(SymbolGraph graph, String name, Entry data) {
        Entry label = graph.variable(name + MxNetNames.LABEL, NO_ATTRIBUTES);
        return graph.operator("SoftmaxOutput", name, NO_ATTRIBUTES, 1, List.of(data, label));
    }

    private static Entry mutated(Entry state) {
        return new Entry(state.node(), state.output(), 1);
    }

    private static SortedMap<String, String> with(SortedMap<String, String> attributes, String key, String value) {
        SortedMap<String, String> copy = new TreeMap<>(attributes);
        copy.put(key, value);
        return copy;
    }
}
