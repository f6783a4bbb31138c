package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD has one source of truth, {@code crds/} (generated from the api module). Helm installs CRDs only from the
 * chart's own {@code crds/} folder, so that folder holds a symbolic link to the generated file, which Helm follows
 * (and {@code helm package} resolves into the archive). These tests catch a link replaced by a stale copy.
 */
class ChartCrdTest {

    private static final String CRD_FILE = "imageclassificationjobs.fovea.dev-v1.yml";

    @Test
    void theChartsCrdIsByteForByteTheGeneratedOne() throws IOException {
        Path generated = RepositoryPaths.resolve("crds/" + CRD_FILE);
        Path inChart = RepositoryPaths.chart().resolve("crds/" + CRD_FILE);

        assertThat(inChart)
                .as("charts/fovea/crds/%s is stale; run: cp crds/%s charts/fovea/crds/", CRD_FILE, CRD_FILE)
                .hasSameBinaryContentAs(generated);
    }

    @Test
    void theChartCarriesNoOtherCrd() throws IOException {
        try (var files = Files.list(RepositoryPaths.chart().resolve("crds"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(CRD_FILE);
        }
    }
}
