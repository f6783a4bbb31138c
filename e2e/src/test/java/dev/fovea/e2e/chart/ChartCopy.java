package dev.fovea.e2e.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A copy of the chart whose values.yaml has a value set merged in, for {@code helm lint}: helm-java's lint takes no
 * values files, so the values travel inside the chart, merged the way Helm merges them (maps key by key, anything
 * else replaced).
 */
final class ChartCopy {

    private static final YAMLMapper YAML = new YAMLMapper();

    private ChartCopy() {}

    static Path withValues(ValueSet values, Path target) throws IOException {
        return withValues(values.valuesFile(), target);
    }

    /** A copy with {@code valuesFile} merged into its values.yaml, or unchanged when there is none. */
    static Path withValues(Optional<Path> valuesFile, Path target) throws IOException {
        Path chart = RepositoryPaths.chart();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(chart)) {
            sources = files.toList();
        }
        for (Path source : sources) {
            Path copy = target.resolve(chart.relativize(source).toString());
            if (Files.isDirectory(source)) {
                Files.createDirectories(copy);
            } else {
                Files.copy(source, copy); // follows the CRD's symbolic link, as helm package does
            }
        }
        if (valuesFile.isPresent()) {
            ObjectNode merged =
                    (ObjectNode) YAML.readTree(chart.resolve("values.yaml").toFile());
            merge(merged, YAML.readTree(valuesFile.get().toFile()));
            YAML.writeValue(target.resolve("values.yaml").toFile(), merged);
        }
        return target;
    }

    private static void merge(ObjectNode into, JsonNode overrides) {
        overrides.properties().forEach(entry -> {
            JsonNode current = into.get(entry.getKey());
            if (current instanceof ObjectNode currentMap && entry.getValue().isObject()) {
                merge(currentMap, entry.getValue());
            } else {
                into.set(entry.getKey(), entry.getValue());
            }
        });
    }
}
