package dev.fovea.trainer.data;

import java.nio.file.Path;

/** Where the real MNIST fixture lives (see {@code examples/volumes/mnist-data/README.md}); tests run in the module. */
public final class MnistFixture {

    private MnistFixture() {}

    public static Path root() {
        return Path.of("..", "examples", "volumes", "mnist-data")
                .toAbsolutePath()
                .normalize();
    }

    public static Path recordIo(String channel) {
        return root().resolve("recordio").resolve(channel);
    }

    public static Path png(String channel) {
        return root().resolve("png").resolve(channel);
    }
}
