package dev.fovea.e2e.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built image as a container runtime sees it: its root filesystem unpacked in {@code rootfs/} and its configuration
 * from {@code image.json} ({@code buildah inspect}, as {@code .ci/images/build.sh} exports them).
 */
public record ContainerImage(
        Path rootfs,
        Map<String, String> environment,
        List<String> entrypoint,
        List<String> command,
        String workingDir,
        String user) {

    public static ContainerImage load(Path exported) {
        try {
            JsonNode config = new ObjectMapper()
                    .readTree(exported.resolve("image.json").toFile())
                    .path("OCIv1")
                    .path("config");
            Map<String, String> environment = new LinkedHashMap<>();
            for (JsonNode variable : config.path("Env")) {
                String[] pair = variable.asText().split("=", 2);
                environment.put(pair[0], pair.length == 2 ? pair[1] : "");
            }
            return new ContainerImage(
                    exported.resolve("rootfs"),
                    environment,
                    strings(config.path("Entrypoint")),
                    strings(config.path("Cmd")),
                    config.path("WorkingDir").asText("/"),
                    config.path("User").asText(""));
        } catch (IOException e) {
            throw new UncheckedIOException("no image exported under " + exported, e);
        }
    }

    /** The process a container runs: Kubernetes' {@code command} replaces the entrypoint, {@code args} the command. */
    List<String> processFor(List<String> podCommand, List<String> podArgs) {
        List<String> line = new ArrayList<>(podCommand == null || podCommand.isEmpty() ? entrypoint : podCommand);
        if (podArgs != null && !podArgs.isEmpty()) {
            line.addAll(podArgs);
        } else if (podCommand == null || podCommand.isEmpty()) {
            line.addAll(command);
        }
        return line;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
