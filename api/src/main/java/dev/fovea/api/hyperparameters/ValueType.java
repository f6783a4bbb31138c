package dev.fovea.api.hyperparameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.fovea.api.spec.Decimals;
import dev.fovea.api.spec.SageMakerValue;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How one hyperparameter's value is spelled in {@code hyperparameters.json} (always a string) and what it becomes in
 * the typed {@link dev.fovea.api.spec.HyperParameters} (a JSON node Jackson binds to the field). {@link SageMakerForm}
 * converts with it.
 */
final class ValueType {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d+");
    private static final Pattern FLOAT_TEXT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    static final ValueType INTEGER = new ValueType(
            "an integer",
            text -> {
                if (!INTEGER_TEXT.matcher(text).matches()) {
                    return null;
                }
                try {
                    return NODES.numberNode(Integer.parseInt(text));
                } catch (NumberFormatException e) {
                    return null;
                }
            },
            JsonNode::asText);

    static final ValueType FLOAT = new ValueType(
            "a float",
            text -> FLOAT_TEXT.matcher(text).matches() ? NODES.numberNode(Double.parseDouble(text)) : null,
            node -> Decimals.plain(node.asDouble()));

    /** SageMaker writes Python booleans: {@code True} and {@code False}. */
    static final ValueType TRUE_FALSE = new ValueType(
            "True or False",
            text -> switch (text) {
                case "True", "true" -> NODES.booleanNode(true);
                case "False", "false" -> NODES.booleanNode(false);
                default -> null;
            },
            node -> node.asBoolean() ? "True" : "False");

    static final ValueType TEXT = new ValueType("a string", NODES::textNode, JsonNode::asText);

    private final String description;
    private final Function<String, JsonNode> parser;
    private final Function<JsonNode, String> formatter;

    private ValueType(String description, Function<String, JsonNode> parser, Function<JsonNode, String> formatter) {
        this.description = description;
        this.parser = parser;
        this.formatter = formatter;
    }

    /** One of the SageMaker spellings of an enum. */
    static <E extends Enum<E> & SageMakerValue> ValueType oneOf(Class<E> type) {
        return new ValueType(
                "one of " + SageMakerValue.allowedNames(type),
                text -> SageMakerValue.fromSageMakerName(type, text) == null ? null : NODES.textNode(text),
                JsonNode::asText);
    }

    /** What a valid value looks like, for messages: "an integer", "one of sgd, adam, rmsprop, nag". */
    String description() {
        return description;
    }

    /** The typed value of {@code text}, or {@code null} when it is not {@link #description()}. */
    JsonNode parse(String text) {
        return parser.apply(text.trim());
    }

    /** The SageMaker spelling of a typed value. */
    String format(JsonNode value) {
        return formatter.apply(value);
    }
}
