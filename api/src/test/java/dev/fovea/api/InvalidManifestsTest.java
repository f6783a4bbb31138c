package dev.fovea.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.fovea.api.crd.CrdSchema;
import dev.fovea.api.spec.Violation;
import dev.fovea.api.validation.ManifestReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every variant of examples/full.yaml in invalid-manifests.yaml is rejected by Fovea's validation with a violation
 * at the expected field, and by the CRD (schema, strict fields, CEL) as the API server would, each message naming
 * the field.
 */
class InvalidManifestsTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static JsonNode full;
    private static CrdSchema crd;

    @BeforeAll
    static void load() throws IOException {
        full = YAML.readTree(
                Path.of(System.getProperty("fovea.examples"), "full.yaml").toFile());
        crd = CrdSchema.load(Path.of(System.getProperty("fovea.crd.committed")));
    }

    static List<ManifestMutation> mutations() throws IOException {
        try (InputStream in = InvalidManifestsTest.class.getResourceAsStream("/invalid-manifests.yaml")) {
            return YAML.readValue(in, new TypeReference<>() {});
        }
    }

    @Test
    void thereAreMoreThanThirtyInvalidManifests() throws IOException {
        assertThat(mutations()).hasSizeGreaterThan(30);
        assertThat(mutations()).filteredOn(ManifestMutation::rejectedByCrd).hasSizeGreaterThan(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void foveaRejectsItNamingTheField(ManifestMutation mutation) throws IOException {
        String manifest = YAML.writeValueAsString(mutation.applyTo(full));

        List<Violation> violations = ManifestReader.check(mutation.name(), manifest);

        assertThat(violations).as("violations of %s", mutation.name()).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo(mutation.field());
            assertThat(v.message()).contains(mutation.expectedMention());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void theApiServerRejectsItNamingTheField(ManifestMutation mutation) {
        List<String> errors = crd.errors(mutation.applyTo(full));

        mutation.assertCrdVerdict(errors);
    }
}
