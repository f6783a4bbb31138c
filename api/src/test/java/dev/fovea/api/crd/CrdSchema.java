package dev.fovea.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a Kubernetes API server does with a manifest at {@code kubectl apply}, offline: the CRD's openAPIV3Schema
 * (checked with a JSON-schema validator), strict field validation (unknown fields are errors) and the CEL
 * {@code x-kubernetes-validations} rules (evaluated with cel-java). Each error names the path it is about.
 */
public final class CrdSchema {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final CelCompiler CEL = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private final JsonNode openApiSchema;
    private final JsonSchema jsonSchema;

    private CrdSchema(JsonNode openApiSchema) {
        this.openApiSchema = openApiSchema;
        this.jsonSchema =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApiSchema);
    }

    /** The schema of the CRD file's first version. */
    public static CrdSchema load(Path crdFile) throws IOException {
        JsonNode crd = YAML.readTree(crdFile.toFile());
        return new CrdSchema(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
    }

    /** The schema of the generated CRD, as the build put it on the test classpath. */
    public static CrdSchema generated() throws IOException {
        return load(Path.of(System.getProperty("fovea.crd.generated")));
    }

    public JsonNode openApiSchema() {
        return openApiSchema;
    }

    /** Every error the API server would report for {@code manifest}; empty when it would accept it. */
    public List<String> errors(JsonNode manifest) {
        List<String> errors = new ArrayList<>();
        for (ValidationMessage message : jsonSchema.validate(manifest)) {
            errors.add(message.getMessage());
        }
        walk(openApiSchema, manifest, "", errors);
        return errors;
    }

    public List<String> errors(String manifestYaml) throws IOException {
        return errors(YAML.readTree(manifestYaml));
    }

    private void walk(JsonNode schema, JsonNode value, String path, List<String> errors) {
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            if (!evaluate(rule.get("rule").asText(), value)) {
                errors.add((path.isEmpty() ? "<root>" : path.substring(1)) + ": "
                        + rule.get("message").asText());
            }
        }
        if (value.isObject() && schema.has("properties")) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode fieldSchema = schema.path("properties").get(field.getKey());
                String fieldPath = path + "." + field.getKey();
                if (fieldSchema == null) {
                    if (!path.isEmpty() || !isTypeMetaOrMetadata(field.getKey())) {
                        errors.add(fieldPath.substring(1) + ": unknown field \"" + field.getKey() + "\"");
                    }
                } else {
                    walk(fieldSchema, field.getValue(), fieldPath, errors);
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                walk(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static boolean isTypeMetaOrMetadata(String field) {
        return field.equals("apiVersion") || field.equals("kind") || field.equals("metadata");
    }

    private static boolean evaluate(String rule, JsonNode self) {
        try {
            Object result = PROGRAMS.computeIfAbsent(rule, CrdSchema::compile).eval(Map.of("self", toCel(self)));
            return Boolean.TRUE.equals(result);
        } catch (CelEvaluationException e) {
            // the API server reports a rule that cannot be evaluated (e.g. on a value of the wrong type) as an error
            return false;
        }
    }

    private static CelRuntime.Program compile(String rule) {
        try {
            CelAbstractSyntaxTree ast = CEL.compile(rule).getAst();
            return RUNTIME.createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("CEL rule does not compile: " + rule, e);
        }
    }

    /** The value as CEL sees it: maps, lists, int64, double, string, bool. */
    private static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toCel(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}
