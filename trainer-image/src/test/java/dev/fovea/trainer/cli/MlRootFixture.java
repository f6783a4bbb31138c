package dev.fovea.trainer.cli;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.HyperParametersFile;
import dev.fovea.api.contract.InputDataConfigFile;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.ResourceConfigFile;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A temporary {@code /opt/ml} for one host, its config files written with the api contract. */
final class MlRootFixture {

    /** The MNIST fixture the data engineer ships (10,000 training and 1,000 validation digits). */
    static final Path MNIST =
            Path.of("..", "examples", "volumes", "mnist-data").toAbsolutePath().normalize();

    final MlRoot root;
    private final Map<ChannelName, ContentType> channels = new EnumMap<>(ChannelName.class);
    private ResourceConfigFile resources = new ResourceConfigFile("algo-1", List.of("algo-1"), Map.of());

    MlRootFixture(Path directory) {
        this.root = new MlRoot(directory);
    }

    /** Links {@code source} in as channel {@code name}. */
    MlRootFixture channel(ChannelName name, ContentType type, Path source) throws IOException {
        Path link = root.channelDir(name);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, source);
        if (type != null) {
            channels.put(name, type);
        }
        return this;
    }

    /** Another {@code resourceconfig.json} than the single host algo-1. */
    MlRootFixture resources(ResourceConfigFile resources) {
        this.resources = resources;
        return this;
    }

    MlRootFixture write(HyperParameters hp) throws IOException {
        HyperParametersFile.write(root.hyperParametersFile(), hp);
        InputDataConfigFile.ofContentTypes(channels).write(root.inputDataConfigFile());
        resources.write(root.resourceConfigFile());
        return this;
    }

    /** The environment {@code fovea train} runs with: this root, a free observe port, a local termination log. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(ContainerEnvironment.ML_ROOT, root.root().toString());
        env.put(ContainerEnvironment.OBSERVE_PORT, "0");
        env.put(
                ContainerEnvironment.TERMINATION_LOG,
                root.root().resolve("termination-log").toString());
        env.put(ContainerEnvironment.JOB_NAME, "test");
        return env;
    }

    static HyperParameters mnistResNet20() {
        HyperParameters hp = new HyperParameters();
        hp.setNumClasses(10);
        hp.setNumTrainingSamples(10_000);
        hp.setNumLayers(20);
        hp.setImageShape("1,28,28");
        // two passes over the 10,000 digits, the second at a tenth of the learning rate; one pass in batches of 32
        // reached 96.9%, and batches of 64 cost about half as much CPU per image as batches of 32
        hp.setEpochs(2);
        hp.setMiniBatchSize(64);
        hp.setLearningRate(0.1);
        hp.setLrSchedulerStep("1");
        hp.setLrSchedulerFactor(0.1);
        hp.setMomentum(0.9);
        hp.setWeightDecay(0.0001);
        return hp;
    }
}
