package dev.fovea.api.contract;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.hyperparameters.HyperParameterField;
import dev.fovea.api.hyperparameters.InvalidHyperParametersException;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.hyperparameters.SageMakerForm;
import dev.fovea.api.spec.HyperParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SageMaker's {@code input/config/hyperparameters.json}: the hyperparameters in {@link SageMakerForm} (snake_case keys,
 * every value a string). Local mode writes it (the operator renders the same form into the job's ConfigMap), the
 * trainer {@link #load}s it.
 */
public final class HyperParametersFile {

    /** The file's name under {@code input/config/}. */
    public static final String FILE_NAME = "hyperparameters.json";

    private static final ObjectMapper JSON = ContractJson.MAPPER;

    private HyperParametersFile() {}

    /** Reads the SageMaker form as written; numbers or booleans written unquoted are taken as their text. */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, Object> raw = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        Map<String, String> sageMaker = new LinkedHashMap<>();
        raw.forEach((key, value) -> sageMaker.put(key, value == null ? null : String.valueOf(value)));
        return sageMaker;
    }

    /** Writes {@code hyperParameters} in SageMaker's form: only the fields that are set. */
    public static void write(Path file, HyperParameters hyperParameters) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), SageMakerForm.of(hyperParameters));
    }

    /**
     * What the trainer does at start, once: reads the file, parses it, applies the defaults and validates.
     *
     * @throws InvalidHyperParametersException when any key, value or rule is wrong; it lists all of them, naming each
     *     hyperparameter as the file does ({@code num_layers}, not the manifest's {@code numLayers})
     */
    public static ResolvedHyperParameters load(Path file) throws IOException {
        Map<String, String> sageMaker = read(file);
        try {
            return ResolvedHyperParameters.resolve(SageMakerForm.parse(sageMaker));
        } catch (InvalidHyperParametersException e) {
            throw new InvalidHyperParametersException(e.violations().stream()
                    .map(violation -> violation.renamed(HyperParameterField::inSageMakerNames))
                    .toList());
        }
    }
}
