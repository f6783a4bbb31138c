package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRD has one source of truth, {@code crds/} (generated from the api module). Helm installs CRDs only from the
 * chart's own {@code crds/} folder, so that folder holds a symbolic link to the generated file, which Helm follows
 * (and {@code helm package} resolves into the archive). These tests catch a link replaced by a stale copy.
 */
class ChartCrdTest {

    private static final String CRD_FILE = "imageclassificationjobs.fovea.dev-v1.yml";
    private static final String ENDPOINT_CRD_FILE = "imageclassificationendpoints.fovea.dev-v1.yml";

    @ParameterizedTest
    @ValueSource(strings = {CRD_FILE, ENDPOINT_CRD_FILE})
    void theChartsCrdIsByteForByteTheGeneratedOne(String crdFile) throws IOException {
        Path generated = RepositoryPaths.resolve("crds/" + crdFile);
        Path inChart = RepositoryPaths.chart().resolve("crds/" + crdFile);

        assertThat(inChart)
                .as("charts/fovea/crds/%s is stale; run: cp crds/%s charts/fovea/crds/", crdFile, crdFile)
                .hasSameBinaryContentAs(generated);
    }

    @Test
    void theChartCarriesNoOtherCrd() throws IOException {
        try (var files = Files.list(RepositoryPaths.chart().resolve("crds"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(CRD_FILE, ENDPOINT_CRD_FILE);
        }
    }
}
