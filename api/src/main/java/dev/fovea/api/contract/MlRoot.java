package dev.fovea.api.contract;

import dev.fovea.api.spec.ChannelName;
import java.nio.file.Path;
import java.util.Map;

/**
 * SageMaker's container layout under {@code /opt/ml} (or {@code $FOVEA_ML_ROOT} for local runs and tests): the three
 * config files, one directory per input channel, the model, the checkpoints and the failure file. Every path of the
 * layout is spelled here; the operator mounts volumes at {@link #DEFAULT}'s paths.
 */
public record MlRoot(Path root) {

    /** SageMaker's root, where a pod's trainer finds its layout. */
    public static final String DEFAULT_PATH = "/opt/ml";
    /** The layout in a pod. */
    public static final MlRoot DEFAULT = new MlRoot(Path.of(DEFAULT_PATH));

    /** The root named by {@code FOVEA_ML_ROOT}, else {@code /opt/ml}. */
    public static MlRoot fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** The root named by {@code FOVEA_ML_ROOT} in {@code environment}, else {@code /opt/ml}. */
    public static MlRoot fromEnvironment(Map<String, String> environment) {
        String root = environment.get(ContainerEnvironment.ML_ROOT);
        return root == null || root.isBlank() ? DEFAULT : new MlRoot(Path.of(root));
    }

    /** {@code input/config/}. */
    public Path configDir() {
        return root.resolve("input").resolve("config");
    }

    /** {@code input/config/hyperparameters.json}. */
    public Path hyperParametersFile() {
        return configDir().resolve(HyperParametersFile.FILE_NAME);
    }

    /** {@code input/config/inputdataconfig.json}. */
    public Path inputDataConfigFile() {
        return configDir().resolve(InputDataConfigFile.FILE_NAME);
    }

    /** {@code input/config/resourceconfig.json}. */
    public Path resourceConfigFile() {
        return configDir().resolve(ResourceConfigFile.FILE_NAME);
    }

    /** {@code input/data/}. */
    public Path dataDir() {
        return root.resolve("input").resolve("data");
    }

    /** {@code input/data/<channel>/}. */
    public Path channelDir(ChannelName channel) {
        return dataDir().resolve(channel.sageMakerName());
    }

    /** {@code model/}: the trained model. */
    public Path modelDir() {
        return root.resolve("model");
    }

    /** {@code checkpoints/}. */
    public Path checkpointsDir() {
        return root.resolve("checkpoints");
    }

    /** {@code output/}. */
    public Path outputDir() {
        return root.resolve("output");
    }

    /** {@code output/ports.json}: the ports this host's servers got ({@link ListeningPorts}). */
    public Path listeningPortsFile() {
        return outputDir().resolve(ListeningPorts.FILE_NAME);
    }

    /** {@code output/failure}: one line, the reason, on any failure. */
    public Path failureFile() {
        return outputDir().resolve("failure");
    }
}
