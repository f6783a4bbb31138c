package dev.fovea.e2e.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
    private static final YAMLMapper YAML = new YAMLMapper();

    private ExampleManifests() {}

    static ImageClassificationJob load(String relativePath) {
        try (InputStream in = Files.newInputStream(RepositoryPaths.resolve(relativePath))) {
            return SERIALIZATION.unmarshal(in, ImageClassificationJob.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest's {@code spec} as written, to compare with what the typed job keeps of it. */
    static JsonNode writtenSpec(String relativePath) {
        try {
            return YAML.readTree(RepositoryPaths.resolve(relativePath).toFile()).get("spec");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The typed job's {@code spec} written back: a field the API does not know is missing here. */
    static JsonNode keptSpec(ImageClassificationJob job) {
        try {
            return YAML.readTree(SERIALIZATION.asYaml(job)).get("spec");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
