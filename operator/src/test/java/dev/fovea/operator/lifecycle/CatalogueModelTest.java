package dev.fovea.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.JobPhase;
import dev.fovea.operator.Jobs;
import dev.fovea.operator.OperatorConfig;
import dev.fovea.operator.status.StatusDraft;
import io.fabric8.kubernetes.api.model.Condition;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogueModelTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Gang NO_GANG = new Gang(Optional.empty(), List.of(), 0);

    /** The operator's settings as the chart's environment variables would give them. */
    record Settings(
            Optional<String> claimName,
            Optional<String> path,
            Optional<String> s3Uri,
            Optional<String> s3SecretName,
            Optional<String> s3Endpoint,
            Optional<String> s3Region)
            implements OperatorConfig.CatalogueSettings {

        static Settings none() {
            return new Settings(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }

        static Settings claim(String claim, String path) {
            return new Settings(
                    Optional.of(claim),
                    Optional.of(path),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }

        static Settings s3(String uri, String secret) {
            return new Settings(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(uri),
                    Optional.ofNullable(secret),
                    Optional.of("http://minio:9000"),
                    Optional.empty());
        }
    }

    @Test
    void theChartsEnvironmentVariablesReachTheSettings() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(OperatorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(
                        Map.of(
                                "FOVEA_OPERATOR_PRETRAINED_CATALOGUE_S3_URI", "s3://models/imagenet/",
                                "FOVEA_OPERATOR_PRETRAINED_CATALOGUE_S3_SECRET_NAME", "catalogue-keys",
                                "FOVEA_OPERATOR_PRETRAINED_CATALOGUE_S3_REGION", "eu-west-1"),
                        300))
                .build();

        OperatorConfig.CatalogueSettings settings =
                config.getConfigMapping(OperatorConfig.class).pretrainedCatalogue();

        assertThat(settings.s3Uri()).contains("s3://models/imagenet/");
        assertThat(settings.s3SecretName()).contains("catalogue-keys");
        assertThat(settings.s3Region()).contains("eu-west-1");
        assertThat(settings.claimName()).isEmpty();
    }

    @Test
    void aTransferLearningJobReadsItsDepthFromTheCatalogueClaimAndSaysSo() {
        ImageClassificationJob job = transferLearning(50);
        CatalogueModel catalogue = CatalogueModel.of(Settings.claim("pretrained", "imagenet"));
        StatusDraft status = StatusDraft.of(job, CLOCK).acceptIfNew();

        ImageClassificationJob inForce = catalogue.inForce(job);
        assertThat(SpecReview.review(inForce, NO_GANG, SpecChangeGuard.hash(job.getSpec()), status))
                .isEqualTo(SpecReview.Verdict.IN_FORCE);
        catalogue.showIn(job, status);

        InputChannel model = inForce.getSpec().channel(ChannelName.MODEL);
        assertThat(model.getPersistentVolumeClaim().getClaimName()).isEqualTo("pretrained");
        assertThat(model.getPersistentVolumeClaim().getSubPath()).isEqualTo("imagenet/resnet-50");
        assertThat(job.getSpec().channel(ChannelName.MODEL))
                .as("the user's spec is not changed")
                .isNull();
        assertThat(status.phase()).isEqualTo(JobPhase.Created);
        Condition fromCatalogue = condition(status, ConditionType.ModelFromCatalogue);
        assertThat(fromCatalogue.getStatus()).isEqualTo("True");
        assertThat(fromCatalogue.getMessage()).contains("ResNet-50").contains("pvc://pretrained/imagenet/resnet-50");
    }

    @Test
    void anS3CatalogueGivesThePrefixOfTheDepthWithItsSecret() {
        ImageClassificationJob inForce = CatalogueModel.of(Settings.s3("s3://models/imagenet", "catalogue-keys"))
                .inForce(transferLearning(18));

        InputChannel model = inForce.getSpec().channel(ChannelName.MODEL);
        assertThat(model.getS3().getUri()).isEqualTo("s3://models/imagenet/resnet-18/");
        assertThat(model.getS3().getSecretRef()).isEqualTo("catalogue-keys");
        assertThat(model.getS3().getEndpoint()).isEqualTo("http://minio:9000");
    }

    @Test
    void withoutACatalogueTheJobIsRefusedNamingTheChartValue() {
        ImageClassificationJob job = transferLearning(50);
        StatusDraft status = StatusDraft.of(job, CLOCK).acceptIfNew();

        ImageClassificationJob inForce = CatalogueModel.of(Settings.none()).inForce(job);
        assertThat(SpecReview.review(inForce, NO_GANG, SpecChangeGuard.hash(job.getSpec()), status))
                .isEqualTo(SpecReview.Verdict.REJECTED);
        assertThat(condition(status, ConditionType.Failed).getMessage())
                .contains("spec.hyperParameters.usePretrainedModel")
                .contains("chart value pretrainedCatalogue")
                .contains("docs/pretrained-catalogue.md");
    }

    @Test
    void aJobWithItsOwnModelChannelKeepsIt() {
        ImageClassificationJob job = transferLearning(50);
        InputChannel own = new InputChannel(ChannelName.MODEL, dev.fovea.api.spec.ContentType.SAGEMAKER_MODEL);
        own.setPersistentVolumeClaim(new dev.fovea.api.spec.PersistentVolumeClaimSource("mine", "earlier"));
        job.getSpec().setInputDataConfig(List.of(job.getSpec().channel(ChannelName.TRAIN), own));

        ImageClassificationJob inForce =
                CatalogueModel.of(Settings.claim("pretrained", "")).inForce(job);

        assertThat(inForce).isSameAs(job);
    }

    @Test
    void settingsThatNameNoSingleCatalogueStopTheOperatorNamingTheValue() {
        Settings both = new Settings(
                Optional.of("pretrained"),
                Optional.empty(),
                Optional.of("s3://models/imagenet/"),
                Optional.of("keys"),
                Optional.empty(),
                Optional.empty());
        assertThatThrownBy(() -> CatalogueModel.of(both))
                .hasMessageContaining("pretrainedCatalogue")
                .hasMessageContaining("both");
        assertThatThrownBy(() -> CatalogueModel.of(Settings.s3("s3://models/imagenet/", null)))
                .hasMessageContaining("pretrainedCatalogue.s3.uri")
                .hasMessageContaining("secretName");
    }

    private static ImageClassificationJob transferLearning(int numLayers) {
        ImageClassificationJob job = Jobs.valid("transfer", 1);
        job.getMetadata().setGeneration(1L);
        job.getSpec().getHyperParameters().setUsePretrainedModel(1);
        job.getSpec().getHyperParameters().setNumLayers(numLayers);
        return job;
    }

    private static Condition condition(StatusDraft status, ConditionType type) {
        return status.build().getConditions().stream()
                .filter(c -> c.getType().equals(type.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition"));
    }
}
