package dev.fovea.cli.importer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;

/** Writes an import as a YAML manifest, the notes first as comments so they travel with the file. */
public final class ManifestYaml {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build())
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    private ManifestYaml() {}

    public static String write(ImportResult result) {
        StringBuilder yaml = new StringBuilder(
                "# Imported from a SageMaker CreateTrainingJob request by " + "`fovea import-sagemaker`.\n");
        if (!result.notes().isEmpty()) {
            yaml.append("# Not carried over or changed:\n");
            result.notes().forEach(note -> yaml.append("#  - ").append(note).append('\n'));
        }
        try {
            return yaml.append(YAML.writeValueAsString(result.job())).toString();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
