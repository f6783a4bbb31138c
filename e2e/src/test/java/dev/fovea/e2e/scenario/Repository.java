package dev.fovea.e2e.scenario;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ImageClassificationJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the scenarios take from the repository and from the other modules' builds. */
public final class Repository {

    private final Path root;

    private Repository(Path root) {
        this.root = root;
    }

    /** The repository: the nearest ancestor of the working directory that holds {@code examples/mnist.yaml}. */
    public static Repository find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("examples/mnist.yaml"))) {
                return new Repository(dir);
            }
        }
        throw new IllegalStateException(
                "no examples/mnist.yaml above " + Path.of("").toAbsolutePath());
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    /** Fovea's CustomResourceDefinitions, as {@code kubectl apply -f crds/} installs them. */
    public List<Path> crds() {
        return Stream.of(ImageClassificationJob.CRD_NAME, ImageClassificationEndpoint.CRD_NAME)
                .map(name -> root.resolve("crds/" + name + "-v1.yml"))
                .toList();
    }

    public Path fixtureVolumes() {
        return root.resolve("examples/volumes");
    }

    public Path operatorJar() {
        return built(root.resolve("operator/target/quarkus-app/quarkus-run.jar"), "operator");
    }

    /** The packaged CLI, which holds the trainer image's programs: {@code ./mvnw -pl cli -am package}. */
    public FoveaDistribution distribution() {
        Path lib = built(root.resolve("cli/target/lib"), "cli");
        Path target = root.resolve("cli/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches("fovea-cli-.*\\.jar"))
                    .filter(file -> !file.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar"))
                    .findFirst()
                    .map(jar -> new FoveaDistribution(jar, lib))
                    .orElseThrow(() -> new IllegalStateException("build cli first: no jar in " + target));
        } catch (IOException e) {
            throw new UncheckedIOException("build cli first: " + target, e);
        }
    }

    private static Path built(Path path, String module) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(
                    "build " + module + " first (mvn -pl " + module + " -am package): " + path + " is missing");
        }
        return path;
    }
}
