package dev.fovea.trainer.model.mxnet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * An MXNet symbol under construction, node by node, in the order MXNet's {@code tojson} lists them (a node after
 * the nodes it reads, the variables of an operator just before it, in argument order): callers add nodes in the
 * order the Python code that builds the graph would create them. {@link MxNetOperators} adds whole operators.
 *
 * <p>The JSON is MXNet's: {@code nodes} (each {@code op}, {@code name}, {@code attrs} when there are any, and
 * {@code inputs} as {@code [node, output, version]}), {@code arg_nodes} (the variables), {@code node_row_ptr} (where
 * each node's outputs start in the flat list of all outputs), {@code heads} and {@code attrs.mxnet_version}.
 */
public final class SymbolGraph {

    /**
     * The MXNet version the JSON says wrote it: 1.3.0, the version of SageMaker's Image Classification algorithm
     * (its files carry this number).
     */
    static final int MXNET_VERSION = 10300;

    /**
     * One output of a node, as an operator's input reads it.
     *
     * @param node the node's index
     * @param output which of the node's outputs
     * @param version 1 for a state the operator updates (BatchNorm's moving statistics), else 0
     */
    public record Entry(int node, int output, int version) {

        ArrayNode toJson() {
            return JsonNodeFactory.instance.arrayNode().add(node).add(output).add(version);
        }
    }

    private final ArrayNode nodes = JsonNodeFactory.instance.arrayNode();
    private final List<Integer> argNodes = new ArrayList<>();
    private final List<Integer> rowPointers = new ArrayList<>(List.of(0));
    private final Map<String, Integer> autoNameCounts = new HashMap<>();

    /** Adds a variable (an input or a parameter); its attributes are those of the operator it was made for. */
    public Entry variable(String name, SortedMap<String, String> attributes) {
        argNodes.add(nodes.size());
        return add("null", name, attributes, 1, List.of());
    }

    /**
     * Adds an operator.
     *
     * @param attributes its attributes, in MXNet's (sorted) order
     * @param outputs how many outputs the operator has, hidden ones included (BatchNorm's mean and variance)
     */
    public Entry operator(
            String op, String name, SortedMap<String, String> attributes, int outputs, List<Entry> inputs) {
        return add(op, name, attributes, outputs, inputs);
    }

    /**
     * The name MXNet gives an operator created without one: the hint followed by how many such names were given
     * before ({@code pooling0}, {@code _plus3}).
     */
    public String autoName(String hint) {
        int count = autoNameCounts.merge(hint, 1, Integer::sum) - 1;
        return hint + count;
    }

    /** The finished symbol, whose output is {@code head}. */
    public MxNetSymbol build(Entry head) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("nodes", nodes.deepCopy());
        ArrayNode args = json.putArray("arg_nodes");
        argNodes.forEach(args::add);
        ArrayNode rows = json.putArray("node_row_ptr");
        rowPointers.forEach(rows::add);
        json.putArray("heads").add(head.toJson());
        json.putObject("attrs").putArray("mxnet_version").add("int").add(MXNET_VERSION);
        return new MxNetSymbol(json);
    }

    private Entry add(String op, String name, SortedMap<String, String> attributes, int outputs, List<Entry> inputs) {
        ObjectNode node = nodes.addObject();
        node.put("op", op);
        node.put("name", name);
        if (!attributes.isEmpty()) {
            ObjectNode attrs = node.putObject("attrs");
            attributes.forEach(attrs::put);
        }
        ArrayNode inputArray = node.putArray("inputs");
        inputs.forEach(input -> inputArray.add(input.toJson()));
        rowPointers.add(rowPointers.getLast() + outputs);
        return new Entry(nodes.size() - 1, 0, 0);
    }
}
