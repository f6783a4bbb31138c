package dev.fovea.api.validation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.SageMakerValue;
import dev.fovea.api.spec.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads an {@code ImageClassificationJob} or {@code ImageClassificationEndpoint} manifest (YAML or JSON) as strictly as
 * {@code kubectl apply} does: unknown fields and values of the wrong type are errors that name the field. Used by
 * {@code fovea validate} (both kinds), {@code fovea run} (jobs) and the tests.
 */
public final class ManifestReader {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private ManifestReader() {}

    /**
     * Parses a job manifest without judging its spec.
     *
     * @throws InvalidManifestException when it is not an ImageClassificationJob, has an unknown field or a value of the
     *     wrong type
     */
    public static ImageClassificationJob parse(String source, String text) {
        JsonNode tree = tree(source, text);
        String kind = tree.path("kind").asText(null);
        if (!ImageClassificationJob.KIND.equals(kind)) {
            throw invalid(source, "kind", kind, "kind must be " + ImageClassificationJob.KIND);
        }
        return read(source, tree, ImageClassificationJob.class);
    }

    /** Parses a job manifest file without judging its spec. */
    public static ImageClassificationJob parse(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file));
    }

    /**
     * Every violation in a job or endpoint manifest: the first parse error, or else every rule its spec breaks (the
     * operator's {@link JobValidator} or {@link EndpointValidator}).
     */
    public static List<Violation> check(String source, String text) {
        try {
            JsonNode tree = tree(source, text);
            String kind = tree.path("kind").asText(null);
            if (ImageClassificationJob.KIND.equals(kind)) {
                return JobValidator.validate(read(source, tree, ImageClassificationJob.class));
            }
            if (ImageClassificationEndpoint.KIND.equals(kind)) {
                return EndpointValidator.validate(read(source, tree, ImageClassificationEndpoint.class));
            }
            throw invalid(
                    source,
                    "kind",
                    kind,
                    "kind must be " + ImageClassificationJob.KIND + " or " + ImageClassificationEndpoint.KIND);
        } catch (InvalidManifestException e) {
            return e.violations();
        }
    }

    /**
     * Reads a manifest that must be runnable.
     *
     * @throws InvalidManifestException listing every violation
     */
    public static ImageClassificationJob readValid(Path file) throws IOException {
        ImageClassificationJob job = parse(file);
        List<Violation> violations = JobValidator.validate(job);
        if (!violations.isEmpty()) {
            throw new InvalidManifestException(file.toString(), violations);
        }
        return job;
    }

    private static JsonNode tree(String source, String text) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JacksonException e) {
            throw invalid(source, "", null, "is not YAML: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw invalid(source, "", null, "must be a YAML mapping (one resource)");
        }
        String apiVersion = tree.path("apiVersion").asText(null);
        if (!ImageClassificationJob.API_VERSION.equals(apiVersion)) {
            throw invalid(source, "apiVersion", apiVersion, "apiVersion must be " + ImageClassificationJob.API_VERSION);
        }
        return tree;
    }

    private static <T> T read(String source, JsonNode tree, Class<T> type) {
        try {
            return YAML.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw invalid(source, pathOf(e), null, describe(e));
        } catch (JacksonException e) {
            throw invalid(source, "", null, e.getOriginalMessage());
        }
    }

    private static InvalidManifestException invalid(String source, String field, String value, String message) {
        return new InvalidManifestException(source, List.of(new Violation(field, value, message)));
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String describe(JsonMappingException e) {
        String path = pathOf(e);
        String field = path.substring(path.lastIndexOf('.') + 1);
        if (e instanceof UnrecognizedPropertyException unknown) {
            String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "the manifest";
            return "unknown field " + unknown.getPropertyName() + " in " + parent + "; known fields are "
                    + unknown.getKnownPropertyIds().stream()
                            .map(Object::toString)
                            .sorted()
                            .collect(Collectors.joining(", "));
        }
        if (e instanceof InvalidFormatException format) {
            return field + " \"" + format.getValue() + "\" is not " + typeName(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return field + " must be " + typeName(mismatch.getTargetType());
        }
        return field + ": " + e.getOriginalMessage();
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> c instanceof SageMakerValue v ? v.sageMakerName() : c.toString())
                            .collect(Collectors.joining(", "));
        }
        if (type == String.class) {
            return "a string";
        }
        return "a " + type.getSimpleName();
    }
}
