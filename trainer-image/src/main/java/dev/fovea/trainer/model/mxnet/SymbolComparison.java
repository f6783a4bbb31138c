package dev.fovea.trainer.model.mxnet;

import dev.fovea.trainer.model.mxnet.MxNetSymbol.Node;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether two symbols compute the same thing: the same operators in the same order, with the same names, inputs
 * and attributes. Differences that do not change the result are ignored: variables' attributes (copies of their
 * operator's), how the input passes into the network ({@code _copy} in a float32 network, {@code Cast} around a
 * float16 one), attributes that only tune MXNet's kernels ({@code workspace}, {@code cudnn_*}) or record
 * initialisers ({@code __init__}), and the bookkeeping outside the nodes (hidden outputs, the MXNet version).
 */
public final class SymbolComparison {

    private static final Set<String> PASS_THROUGH_OPS = Set.of("_copy", "identity", "Cast");
    private static final Set<String> TUNING_ATTRIBUTES = Set.of("workspace", "cudnn_tune", "cudnn_off");

    private SymbolComparison() {}

    /** An operator as the comparison sees it. */
    private record Operator(String op, String name, Map<String, String> attributes, List<String> inputs) {

        @Override
        public String toString() {
            return op + " '" + name + "' reading " + inputs + " with " + attributes;
        }
    }

    /**
     * The first difference between {@code expected} and {@code actual}, described for a person, or empty when they
     * compute the same thing.
     *
     * @throws IOException when either symbol's nodes are malformed
     */
    public static Optional<String> firstDifference(MxNetSymbol expected, MxNetSymbol actual) throws IOException {
        List<Operator> ours = operators(expected.nodes());
        List<Operator> theirs = operators(actual.nodes());
        for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
            if (!ours.get(i).equals(theirs.get(i))) {
                return Optional.of("operator " + i + " is " + theirs.get(i) + ", expected " + ours.get(i));
            }
        }
        if (ours.size() != theirs.size()) {
            return Optional.of(
                    theirs.size() > ours.size()
                            ? "it has operators after the expected last one: " + theirs.get(ours.size())
                            : "it ends before operator " + theirs.size() + ", expected " + ours.get(theirs.size()));
        }
        return Optional.empty();
    }

    private static List<Operator> operators(List<Node> nodes) {
        List<String> outputName = new ArrayList<>();
        List<Operator> operators = new ArrayList<>();
        for (Node node : nodes) {
            if (PASS_THROUGH_OPS.contains(node.op()) && node.inputs().size() == 1) {
                outputName.add(outputName.get(node.inputs().getFirst()));
                continue;
            }
            outputName.add(node.name());
            if (!node.isVariable()) {
                List<String> inputs =
                        node.inputs().stream().map(outputName::get).toList();
                operators.add(new Operator(node.op(), node.name(), significant(node.attributes()), inputs));
            }
        }
        return operators;
    }

    private static Map<String, String> significant(Map<String, String> attributes) {
        Map<String, String> kept = new TreeMap<>(attributes);
        kept.keySet().removeIf(key -> key.startsWith("__") || TUNING_ATTRIBUTES.contains(key));
        return kept;
    }
}
