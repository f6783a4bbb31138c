package dev.fovea.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pod contract is spelled once, in this package: no other Java source of the repository (main sources, test
 * helpers, the e2e agent, the benchmarks) writes an environment variable name ({@code FOVEA_*}, {@code AWS_*},
 * {@code SAGEMAKER_*}) or the trainer's HTTP paths ({@code /progress}, {@code /metrics}) as a string literal; they use
 * {@link ContainerEnvironment} and {@link Ports}. Comments may name them.
 *
 * <p>The test classes themselves ({@code *Test.java} under {@code src/test/java}) are exempt: their assertions spell
 * the names a user sets or reads on purpose, so that renaming a constant's value fails a test instead of passing
 * silently.
 */
class ContractLiteralsTest {

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("\\b(FOVEA|AWS|SAGEMAKER)_[A-Z0-9_]+");
    private static final Pattern HTTP_PATH = Pattern.compile("/(progress|metrics)(?![\\w-])");
    private static final Path CONTRACT = Path.of("api", "src", "main", "java", "dev", "fovea", "api", "contract");
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", ".git", ".fovea", "node_modules");

    @Test
    void noJavaSourceOutsideTheContractSpellsItsNamesOrPaths() throws IOException {
        Path root = repositoryRoot();
        List<Path> sources = javaSources(root);
        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            offences.addAll(offences(root.relativize(source).toString(), Files.readString(source)));
        }

        assertThat(sources).as("the Java sources scanned").hasSizeGreaterThan(200);
        assertThat(offences)
                .as("use ContainerEnvironment, MlRoot and Ports (api/contract) instead of these literals")
                .isEmpty();
    }

    @Test
    void findsLiteralsButNotComments() {
        String source = """
                // FOVEA_JOB_NAME in a comment, and "/progress" too
                /** {@code AWS_REGION} and GET /metrics. */
                class Example {
                    String url = "http://host:8080/progress";
                    String name = "FOVEA_SEED";
                    String block = \"""
                            AWS_ENDPOINT_URL
                            \""";
                    char quote = '"';
                    String fine = "FOVEA or /progressive";
                }
                """;

        assertThat(offences("Example.java", source))
                .containsExactly(
                        "Example.java:4: http://host:8080/progress",
                        "Example.java:5: FOVEA_SEED",
                        "Example.java:6: AWS_ENDPOINT_URL");
    }

    private static List<String> offences(String file, String source) {
        List<String> found = new ArrayList<>();
        for (JavaLiterals.Literal literal : JavaLiterals.in(source)) {
            if (ENVIRONMENT_NAME.matcher(literal.text()).find()
                    || HTTP_PATH.matcher(literal.text()).find()) {
                found.add(file + ":" + literal.line() + ": " + literal.text().strip());
            }
        }
        return found;
    }

    private static List<Path> javaSources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> !isSkipped(root.relativize(path)))
                    .sorted()
                    .toList();
        }
    }

    private static boolean isSkipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return true;
            }
        }
        boolean isTestClass = relative.toString().contains("src/test/java/")
                && relative.getFileName().toString().endsWith("Test.java");
        return relative.startsWith(CONTRACT) || isTestClass;
    }

    private static Path repositoryRoot() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (!Files.isDirectory(root.resolve(CONTRACT))) {
            throw new UncheckedIOException(new IOException("not the repository root: " + root));
        }
        return root;
    }
}
