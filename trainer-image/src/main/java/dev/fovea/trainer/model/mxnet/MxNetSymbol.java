package dev.fovea.trainer.model.mxnet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An MXNet symbol file ({@code <prefix>-symbol.json}): the network's graph as MXNet's {@code Symbol.tojson()} writes
 * it and {@code Symbol.load} reads it. See {@link SymbolGraph} for the layout.
 */
public final class MxNetSymbol {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One node: an operator, or a variable when {@code op} is {@code null}. */
    public record Node(String op, String name, Map<String, String> attributes, List<Integer> inputs) {

        /** Whether the node is a variable (an input or a parameter) rather than an operator. */
        public boolean isVariable() {
            return "null".equals(op);
        }
    }

    private final ObjectNode json;

    MxNetSymbol(ObjectNode json) {
        this.json = json;
    }

    /**
     * Reads a symbol file.
     *
     * @throws IOException when the file cannot be read or is not an MXNet symbol (no {@code nodes} list of nodes
     *     with {@code op} and {@code name})
     */
    public static MxNetSymbol read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** Parses a symbol's JSON; see {@link #read(Path)}. */
    public static MxNetSymbol parse(String text) throws IOException {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IOException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof ObjectNode object)
                || !tree.path("nodes").isArray()
                || !tree.path("heads").isArray()) {
            throw new IOException("not an MXNet symbol: it has no \"nodes\" and \"heads\" lists");
        }
        MxNetSymbol symbol = new MxNetSymbol(object);
        symbol.nodes();
        return symbol;
    }

    /** Writes the symbol, as MXNet's {@code Symbol.save} would. */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJson());
    }

    /** The symbol's JSON text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }

    /** The symbol's JSON tree (a copy). */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /**
     * The nodes in file order.
     *
     * @throws IOException when a node lacks {@code op}, {@code name} or well-formed {@code inputs}
     */
    public List<Node> nodes() throws IOException {
        List<Node> nodes = new ArrayList<>();
        for (JsonNode node : json.path("nodes")) {
            if (!node.path("op").isTextual() || !node.path("name").isTextual()) {
                throw new IOException("node " + nodes.size() + " has no \"op\" and \"name\"");
            }
            Map<String, String> attributes = new TreeMap<>();
            node.path("attrs")
                    .properties()
                    .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
            List<Integer> inputs = new ArrayList<>();
            for (JsonNode input : node.path("inputs")) {
                int source = input.path(0).asInt(-1);
                if (source < 0 || source >= nodes.size()) {
                    throw new IOException("node " + nodes.size() + " ("
                            + node.path("name").asText() + ") reads node " + input + ", which does not come before it");
                }
                inputs.add(source);
            }
            nodes.add(new Node(node.path("op").asText(), node.path("name").asText(), attributes, inputs));
        }
        return nodes;
    }
}
