package dev.fovea.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRD under crds/ is what the Java types generate: a stale one fails the build and says how to refresh it. */
class CrdFreshnessTest {

    static final String REFRESH_COMMAND = "./mvnw -B -q -pl api -Prefresh-crd process-classes";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fovea.crd", "fovea.endpoint.crd"})
    void committedCrdIsTheGeneratedOne(String crd) throws IOException {
        Path generated = Path.of(System.getProperty(crd + ".generated"));
        Path committed = Path.of(System.getProperty(crd + ".committed"));

        assertThat(generated).as("the crd-generator-maven-plugin output").exists();
        assertThat(committed)
                .as("crds/%s is missing; create it with: %s", committed.getFileName(), REFRESH_COMMAND)
                .exists();
        assertThat(Files.readString(committed))
                .as(
                        "crds/%s is stale: the Java types changed. Refresh it with: %s",
                        committed.getFileName(), REFRESH_COMMAND)
                .isEqualTo(Files.readString(generated));
    }
}
