package dev.fovea.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.contract.HyperParametersFile;
import dev.fovea.api.contract.InputDataConfigFile;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.ResourceConfigFile;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLayoutTest {

    @TempDir
    Path workDir;

    @TempDir
    Path data;

    @Test
    void twoHostsGetTheirOwnConfigAndShareOneCheckpointFolder() throws Exception {
        LocalLayout layout = new LocalLayout(workDir);
        LoopbackHosts hosts = LoopbackHosts.of(2);
        Path train = Files.createDirectories(data.resolve("recordio/train"));
        Map<ChannelName, Path> channels = Map.of(ChannelName.TRAIN, train);

        MlRoot first = layout.prepareHost(0, spec(), channels, hosts.resourceConfig(0));
        MlRoot second = layout.prepareHost(1, spec(), channels, hosts.resourceConfig(1));

        ResourceConfigFile firstConfig = ResourceConfigFile.read(first.resourceConfigFile());
        ResourceConfigFile secondConfig = ResourceConfigFile.read(second.resourceConfigFile());
        assertThat(firstConfig.currentHost()).isEqualTo("algo-1");
        assertThat(secondConfig.currentHost()).isEqualTo("algo-2");
        assertThat(firstConfig.hosts()).containsExactly("algo-1", "algo-2");
        assertThat(firstConfig.hostAddresses())
                .isEqualTo(secondConfig.hostAddresses())
                .containsOnlyKeys("algo-1", "algo-2");
        // no port is picked before the hosts start: each binds its own and the launcher publishes it
        assertThat(firstConfig.hostAddresses().values()).containsOnly("127.0.0.1:0");
        assertThat(firstConfig.hostsAwaitingPorts()).containsExactly("algo-1", "algo-2");

        assertThat(HyperParametersFile.read(first.hyperParametersFile()))
                .containsEntry("num_layers", "20")
                .containsEntry("epochs", "1")
                .containsEntry("kv_store", "dist_sync");
        assertThat(InputDataConfigFile.read(second.inputDataConfigFile()).contentType(ChannelName.TRAIN))
                .isEqualTo(ContentType.RECORDIO);
        assertThat(first.channelDir(ChannelName.TRAIN).toRealPath()).isEqualTo(train.toRealPath());
        assertThat(first.checkpointsDir().toRealPath())
                .isEqualTo(second.checkpointsDir().toRealPath())
                .isEqualTo(layout.checkpoints().toRealPath());
        assertThat(first.modelDir()).isDirectory();
        assertThat(first.modelDir().toRealPath()).isNotEqualTo(second.modelDir().toRealPath());
    }

    @Test
    void aRerunKeepsCheckpointsButClearsTheLastRunsFailure() throws Exception {
        LocalLayout layout = new LocalLayout(workDir);
        LoopbackHosts hosts = LoopbackHosts.of(1);
        MlRoot root = layout.prepareHost(0, spec(), Map.of(), hosts.resourceConfig(0));
        Files.createDirectories(root.checkpointsDir().resolve("epoch-0001"));
        Files.createDirectories(root.checkpointsDir().resolve("epoch-0002"));
        Files.createDirectories(root.checkpointsDir().resolve(".epoch-0003.partial"));
        Files.writeString(root.failureFile(), "ClientError: old");

        layout.prepareHost(0, spec(), Map.of(), hosts.resourceConfig(0));

        assertThat(root.failureFile()).doesNotExist();
        assertThat(layout.newestCheckpoint()).contains("epoch-0002");
    }

    private static ImageClassificationJobSpec spec() {
        HyperParameters hyperParameters = new HyperParameters();
        hyperParameters.setNumClasses(10);
        hyperParameters.setNumTrainingSamples(1000);
        hyperParameters.setNumLayers(20);
        hyperParameters.setEpochs(1);
        hyperParameters.setImageShape("1,28,28");
        hyperParameters.setKvStore(dev.fovea.api.spec.KvStore.DIST_SYNC);
        ImageClassificationJobSpec spec = new ImageClassificationJobSpec();
        spec.setHyperParameters(hyperParameters);
        spec.setInputDataConfig(List.of(new InputChannel(ChannelName.TRAIN, ContentType.RECORDIO)));
        return spec;
    }
}
