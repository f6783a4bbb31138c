package dev.fovea.api.hyperparameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SageMaker's form of the hyperparameters, as in {@code hyperparameters.json} and in a {@code CreateTrainingJob}
 * request: snake_case keys, every value a string. Converts it to and from the typed {@link HyperParameters}, value by
 * value with each field's {@link ValueType}.
 */
public final class SageMakerForm {

    /** Converts between {@link HyperParameters} and the JSON tree its fields bind to. */
    static final ObjectMapper JSON = new ObjectMapper();

    private SageMakerForm() {}

    /** The SageMaker form of {@code hyperParameters}: only the fields that are set, in the catalogue's order. */
    public static Map<String, String> of(HyperParameters hyperParameters) {
        ObjectNode typed = JSON.valueToTree(hyperParameters);
        Map<String, String> sageMaker = new LinkedHashMap<>();
        for (HyperParameterField field : HyperParameterField.values()) {
            JsonNode value = typed.get(field.camelCaseName());
            if (value != null && !value.isNull()) {
                sageMaker.put(field.sageMakerName(), field.type().format(value));
            }
        }
        return sageMaker;
    }

    /**
     * Reads the SageMaker form. Does not apply defaults nor check ranges: {@link ResolvedHyperParameters#resolve} does.
     *
     * @throws InvalidHyperParametersException listing every unknown key and every value of the wrong type
     */
    public static HyperParameters parse(Map<String, String> sageMaker) {
        ObjectNode typed = JSON.createObjectNode();
        List<Violation> violations = new ArrayList<>();
        sageMaker.forEach((key, text) -> {
            HyperParameterField field = HyperParameterField.bySageMakerName(key).orElse(null);
            if (field == null) {
                violations.add(new Violation(
                        key,
                        text,
                        "unknown hyperparameter " + key + "; the Image Classification algorithm knows "
                                + HyperParameterField.allSageMakerNames()));
                return;
            }
            JsonNode value = text == null ? null : field.type().parse(text);
            if (value == null) {
                violations.add(new Violation(
                        key, text, key + " '" + text + "' is not valid: it must be " + field.typeDescription()));
                return;
            }
            typed.set(field.camelCaseName(), value);
        });
        if (!violations.isEmpty()) {
            throw new InvalidHyperParametersException(violations);
        }
        return JSON.convertValue(typed, HyperParameters.class);
    }
}
