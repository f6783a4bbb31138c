package dev.fovea.e2e.chart;

import dev.fovea.api.ImageClassificationJob;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The example manifests under {@code examples/}, read as typed jobs. */
final class ExampleManifests {

    static final String KUEUE = "examples/kueue/job.yaml";
    static final String VOLCANO = "examples/volcano/job.yaml";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ExampleManifests() {
    }

    static ImageClassificationJob load(String relativePath) {
        try (InputStream in = Files.newInputStream(RepositoryPaths.resolve(relativePath))) {
            return SERIALIZATION.unmarshal(in, ImageClassificationJob.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
