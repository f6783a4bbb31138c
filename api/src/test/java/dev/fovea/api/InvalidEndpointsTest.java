package dev.fovea.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fovea.api.crd.CrdSchema;
import dev.fovea.api.spec.Violation;
import dev.fovea.api.validation.EndpointValidator;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * examples/endpoint.yaml is valid for Fovea and for the API server, and every variant of it in
 * invalid-endpoints.yaml is rejected by both: by Fovea's EndpointValidator with a violation at the expected field,
 * and by the endpoint CRD (schema and CEL) as the API server would, each message naming what is wrong.
 */
class InvalidEndpointsTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static JsonNode example;
    private static CrdSchema crd;

    @BeforeAll
    static void load() throws IOException {
        example = YAML.readTree(
                Path.of(System.getProperty("fovea.examples"), "endpoint.yaml").toFile());
        crd = CrdSchema.load(Path.of(System.getProperty("fovea.endpoint.crd.committed")));
    }

    static List<ManifestMutation> mutations() throws IOException {
        try (InputStream in = InvalidEndpointsTest.class.getResourceAsStream("/invalid-endpoints.yaml")) {
            return YAML.readValue(in, new TypeReference<>() {});
        }
    }

    @Test
    void theExampleIsValidForFoveaAndTheApiServer() {
        assertThat(EndpointValidator.validate(endpoint(example))).isEmpty();
        assertThat(crd.errors(example)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void foveaRejectsItNamingTheField(ManifestMutation mutation) {
        List<Violation> violations = EndpointValidator.validate(endpoint(mutation.applyTo(example)));

        assertThat(violations).as("violations of %s", mutation.name()).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo(mutation.field());
            assertThat(v.message()).contains(mutation.expectedMention());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void theApiServerRejectsItNamingTheField(ManifestMutation mutation) {
        List<String> errors = crd.errors(mutation.applyTo(example));

        mutation.assertCrdVerdict(errors);
    }

    private static ImageClassificationEndpoint endpoint(JsonNode manifest) {
        try {
            return SERIALIZATION.unmarshal(YAML.writeValueAsString(manifest), ImageClassificationEndpoint.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
