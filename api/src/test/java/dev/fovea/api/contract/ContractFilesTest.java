package dev.fovea.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.LabelFormat;
import dev.fovea.api.spec.S3DataDistributionType;
import dev.fovea.api.spec.S3DataType;
import dev.fovea.api.spec.S3Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inputdataconfig.json, resourceconfig.json and the /opt/ml layout, as SageMaker lays them out. */
class ContractFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void inputDataConfigIsWrittenAsSageMakerWritesItAndReadBack(@TempDir Path dir) throws IOException {
        InputDataConfigFile config = InputDataConfigFile.of(List.of(
                new InputChannel(ChannelName.TRAIN, ContentType.RECORDIO),
                new InputChannel(ChannelName.VALIDATION, ContentType.RECORDIO)));
        Path file = MlRoot.fromEnvironment(Map.of(ContainerEnvironment.ML_ROOT, dir.toString()))
                .inputDataConfigFile();

        config.write(file);

        JsonNode written = JSON.readTree(file.toFile());
        assertThat(written.path("train").path("ContentType").asText()).isEqualTo("application/x-recordio");
        assertThat(written.path("validation").path("TrainingInputMode").asText())
                .isEqualTo("File");
        assertThat(InputDataConfigFile.read(file)).isEqualTo(config);
        assertThat(config.has(ChannelName.TRAIN_LST)).isFalse();
    }

    @Test
    void anAugmentedManifestChannelKeepsSageMakersKeysThroughInputDataConfig() throws IOException {
        InputChannel train = new InputChannel(ChannelName.TRAIN, ContentType.IMAGE_PNG);
        train.setDataType(S3DataType.AUGMENTED_MANIFEST_FILE);
        train.setAttributeNames(List.of("source-ref", "objects"));
        train.setLabelFormat(LabelFormat.CLASS_ID);
        train.setS3(new S3Source());
        train.getS3().setDistributionType(S3DataDistributionType.SHARDED_BY_S3_KEY);
        InputDataConfigFile config = InputDataConfigFile.of(List.of(train));

        JsonNode written = JSON.readTree(config.toJson());

        assertThat(written.path("train").path("ContentType").asText()).isEqualTo("image/png; label-format=class-id");
        assertThat(written.path("train").path("S3DistributionType").asText()).isEqualTo("ShardedByS3Key");
        ChannelInput read = InputDataConfigFile.fromJson(config.toJson()).channel(ChannelName.TRAIN);
        assertThat(read.augmentedManifest()).isTrue();
        assertThat(read.sharded()).isTrue();
        assertThat(read.attributeNames()).containsExactly("source-ref", "objects");
        assertThat(read.labelFormat()).isEqualTo(LabelFormat.CLASS_ID);
        assertThat(InputDataConfigFile.fromJson("{\"train\": {\"ContentType\": \"image/jpeg\"}}")
                        .contentType(ChannelName.TRAIN))
                .isEqualTo(ContentType.IMAGE_JPEG);
    }

    @Test
    void inputDataConfigWithAnUnknownChannelOrContentTypeIsAClientError() {
        assertThatThrownBy(() -> InputDataConfigFile.fromJson("{\"test\": {\"ContentType\": \"application/x-image\"}}"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("unknown channel test");
        assertThatThrownBy(() -> InputDataConfigFile.fromJson("{\"train\": {\"ContentType\": \"text/csv\"}}"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("channel train: ContentType 'text/csv' is not a content type");
    }

    @Test
    void resourceConfigOfAJobHostNamesEveryPeerByItsServiceDnsName() throws IOException {
        ResourceConfigFile config = ResourceConfigFile.forJobHost("mnist", "ml", 3, 1);

        assertThat(config.currentHost()).isEqualTo("algo-2");
        assertThat(config.hosts()).containsExactly("algo-1", "algo-2", "algo-3");
        assertThat(config.rank()).isEqualTo(1);
        assertThat(config.hostCount()).isEqualTo(3);
        assertThat(config.addressOf("algo-3")).isEqualTo("mnist-2.mnist-hosts.ml.svc:9090");

        JsonNode json = JSON.readTree(config.toJson());
        assertThat(json.path("current_host").asText()).isEqualTo("algo-2");
        assertThat(json.path("host_addresses").path("algo-1").asText()).isEqualTo("mnist-0.mnist-hosts.ml.svc:9090");
    }

    @Test
    void resourceConfigRoundTripsAndReadsSageMakersOwnFile(@TempDir Path dir) throws IOException {
        ResourceConfigFile config = ResourceConfigFile.forJobHost("job", "default", 2, 0);
        Path file = new MlRoot(dir).resourceConfigFile();

        config.write(file);

        assertThat(ResourceConfigFile.read(file)).isEqualTo(config);
        ResourceConfigFile sageMakers = ResourceConfigFile.fromJson("""
                {"current_host": "algo-1", "hosts": ["algo-1"], "network_interface_name": "eth0"}""");
        assertThat(sageMakers.rank()).isZero();
        assertThat(sageMakers.hostAddresses()).isEmpty();
    }

    @Test
    void resourceConfigWhoseCurrentHostIsNotAHostIsRejected() {
        assertThatThrownBy(() -> ResourceConfigFile.fromJson("{\"current_host\": \"algo-3\", \"hosts\": [\"algo-1\"]}"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("current_host algo-3 is not in hosts [algo-1]");
    }

    @Test
    void mlRootHonoursFoveaMlRootElseOptMl(@TempDir Path dir) {
        assertThat(MlRoot.fromEnvironment(Map.of()).root()).isEqualTo(Path.of("/opt/ml"));
        MlRoot root = MlRoot.fromEnvironment(Map.of("FOVEA_ML_ROOT", dir.toString()));

        assertThat(root.hyperParametersFile()).isEqualTo(dir.resolve("input/config/hyperparameters.json"));
        assertThat(root.resourceConfigFile()).isEqualTo(dir.resolve("input/config/resourceconfig.json"));
        assertThat(root.channelDir(ChannelName.TRAIN_LST)).isEqualTo(dir.resolve("input/data/train_lst"));
        assertThat(root.modelDir()).isEqualTo(dir.resolve("model"));
        assertThat(root.checkpointsDir()).isEqualTo(dir.resolve("checkpoints"));
        assertThat(root.failureFile()).isEqualTo(dir.resolve("output/failure"));
    }

    @Test
    void onlySuccessAndClientErrorsAreNotRetried() {
        assertThat(ExitCodes.isRetryable(ExitCodes.SUCCESS)).isFalse();
        assertThat(ExitCodes.isRetryable(ExitCodes.CLIENT_ERROR)).isFalse();
        assertThat(ExitCodes.isRetryable(ExitCodes.PEER_LOST)).isTrue();
        assertThat(ExitCodes.isRetryable(137)).as("OOM-killed").isTrue();
        assertThat(ExitCodes.isRetryable(1)).isTrue();
    }
}
