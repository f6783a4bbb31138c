package dev.fovea.api.contract;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.validation.HyperParameterRules;
import dev.fovea.api.validation.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SageMaker's {@code hyperparameters.json}: snake_case keys, every value a string. Converts between it and the typed
 * {@link HyperParameters}, applies SageMaker's defaults and validates. The operator writes the file, the trainer reads
 * it, local mode does both: all through this class.
 */
public final class HyperParameterContract {

    /** The file's name under {@code input/config/}. */
    public static final String FILE_NAME = "hyperparameters.json";

    private static final ObjectMapper JSON = ContractJson.MAPPER;

    private HyperParameterContract() {}

    /** The SageMaker form of {@code hyperParameters}: only the fields that are set, in the catalog's order. */
    public static Map<String, String> toSageMaker(HyperParameters hyperParameters) {
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
     * Reads the SageMaker form. Does not apply defaults nor check ranges: see {@link #withDefaults} and
     * {@link #validate}.
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

    /**
     * A copy with SageMaker's documented default in every unset field that has one; checkpointFrequency defaults to
     * epochs. Fields without a default (numClasses, numTrainingSamples, resize, lrSchedulerStep, augmentationType,
     * kvStore) stay unset.
     */
    public static HyperParameters withDefaults(HyperParameters hyperParameters) {
        ObjectNode typed = JSON.valueToTree(hyperParameters);
        for (HyperParameterField field : HyperParameterField.values()) {
            if (!typed.hasNonNull(field.camelCaseName())) {
                field.defaultValue()
                        .ifPresent(text ->
                                typed.set(field.camelCaseName(), field.type().parse(text)));
            }
        }
        String checkpointFrequency = HyperParameterField.CHECKPOINT_FREQUENCY.camelCaseName();
        if (!typed.hasNonNull(checkpointFrequency)) {
            typed.set(checkpointFrequency, typed.get(HyperParameterField.EPOCHS.camelCaseName()));
        }
        return JSON.convertValue(typed, HyperParameters.class);
    }

    /** Every rule {@code hyperParameters} breaks; field names are camelCase. Empty when they are valid. */
    public static List<Violation> validate(HyperParameters hyperParameters) {
        return HyperParameterRules.validate(hyperParameters);
    }

    /** Reads {@code hyperparameters.json}; numbers or booleans written unquoted are taken as their text. */
    public static Map<String, String> readFile(Path file) throws IOException {
        Map<String, Object> raw = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        Map<String, String> sageMaker = new LinkedHashMap<>();
        raw.forEach((key, value) -> sageMaker.put(key, value == null ? null : String.valueOf(value)));
        return sageMaker;
    }

    /** Writes {@code hyperparameters.json} in SageMaker's form. */
    public static void writeFile(Path file, HyperParameters hyperParameters) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), toSageMaker(hyperParameters));
    }

    /**
     * What the trainer does at start: reads the file, applies the defaults and validates.
     *
     * @throws InvalidHyperParametersException when any key, value or rule is wrong; it lists all of them
     */
    public static HyperParameters load(Path file) throws IOException {
        HyperParameters hyperParameters = withDefaults(parse(readFile(file)));
        List<Violation> violations = validate(hyperParameters);
        if (!violations.isEmpty()) {
            throw new InvalidHyperParametersException(violations);
        }
        return hyperParameters;
    }
}
