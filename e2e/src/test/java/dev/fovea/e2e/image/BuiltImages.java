package dev.fovea.e2e.image;

import dev.fovea.e2e.agent.ContainerImage;
import dev.fovea.e2e.scenario.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * The operator and CPU trainer images, built once per test JVM by {@code .ci/images/build.sh} (buildah, on the offline
 * base) from the modules' packaged output, and exported where the pods' users can read them, wherever the clone lives:
 * {@code /var/tmp/fovea-images/<clone>/}, one folder per clone that each run replaces.
 */
public final class BuiltImages {

    /** A cold base (debootstrap, jlink) and two image builds on a busy machine: only a hang should reach this. */
    private static final long BUILD_TIMEOUT_MINUTES = 30;

    private static final Path EXPORTS = Path.of("/var/tmp/fovea-images");

    private static BuiltImages built;

    private final ContainerImage operator;
    private final ContainerImage trainer;

    private BuiltImages(ContainerImage operator, ContainerImage trainer) {
        this.operator = operator;
        this.trainer = trainer;
    }

    /** The built images; skips the test (fails it in CI) when this machine cannot build them, see {@link ImageTools}. */
    public static synchronized BuiltImages require() {
        ImageTools.require();
        if (built == null) {
            built = build(Repository.find());
        }
        return built;
    }

    public ContainerImage operator() {
        return operator;
    }

    public ContainerImage trainer() {
        return trainer;
    }

    private static BuiltImages build(Repository repository) {
        Path log = repository.resolve("e2e/target/image-build.log");
        try {
            Path out = Files.createDirectories(EXPORTS.resolve(
                    Integer.toHexString(repository.resolve("").toString().hashCode())));
            for (Path folder = out; !folder.equals(EXPORTS.getParent()); folder = folder.getParent()) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(
                            repository.resolve(".ci/images/build.sh").toString(), out.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "the images were not built within " + BUILD_TIMEOUT_MINUTES + " minutes; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "building the images failed (exit " + process.exitValue() + "): " + Files.readString(log));
            }
            return new BuiltImages(
                    ContainerImage.load(out.resolve("fovea-operator")),
                    ContainerImage.load(out.resolve("fovea-trainer")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the images; see " + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
