package dev.fovea.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.pretrained.PretrainedCatalogue;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** usePretrainedModel 1 without a model channel: refused with directions, valid once a catalogue adds the channel. */
class PretrainedCatalogueRuleTest {

    private static ImageClassificationJobSpec transferLearning(Integer numLayers) {
        HyperParameters hp = new HyperParameters();
        hp.setNumClasses(10);
        hp.setNumTrainingSamples(100);
        hp.setUsePretrainedModel(1);
        hp.setNumLayers(numLayers);
        InputChannel train = new InputChannel(ChannelName.TRAIN, ContentType.RECORDIO);
        train.setPersistentVolumeClaim(new PersistentVolumeClaimSource("data", "train"));
        ImageClassificationJobSpec spec = new ImageClassificationJobSpec();
        spec.setHyperParameters(hp);
        spec.setInputDataConfig(List.of(train));
        return spec;
    }

    @Test
    void withoutModelChannelTheRulePointsAtTheChartValueAndTheDocs() {
        List<Violation> violations = JobValidator.validate(transferLearning(50));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.hyperParameters.usePretrainedModel");
            assertThat(v.message())
                    .contains("chart value " + PretrainedCatalogue.CHART_VALUE)
                    .contains("docs/pretrained-catalogue.md");
        });
    }

    @Test
    void theCataloguesChannelForTheDepthMakesTheSpecValidAndLeavesTheOriginalAlone() {
        ImageClassificationJobSpec spec = transferLearning(null);
        PretrainedCatalogue catalogue = PretrainedCatalogue.onClaim("pretrained", "imagenet");

        ImageClassificationJobSpec completed = catalogue.completing(spec);

        assertThat(JobValidator.validate(completed)).isEmpty();
        assertThat(completed
                        .channel(ChannelName.MODEL)
                        .getPersistentVolumeClaim()
                        .getSubPath())
                .as("SageMaker's default num_layers, 152")
                .isEqualTo("imagenet/resnet-152");
        assertThat(completed
                        .channel(ChannelName.TRAIN)
                        .getPersistentVolumeClaim()
                        .getClaimName())
                .isEqualTo("data");
        assertThat(spec.channel(ChannelName.MODEL)).isNull();
        assertThat(catalogue.location(152)).isEqualTo("pvc://pretrained/imagenet/resnet-152");
    }

    @Test
    void aSpecWithItsOwnModelChannelIsNotCompleted() {
        ImageClassificationJobSpec spec = transferLearning(18);
        InputChannel own = new InputChannel(ChannelName.MODEL, ContentType.SAGEMAKER_MODEL);
        own.setPersistentVolumeClaim(new PersistentVolumeClaimSource("models", "earlier"));
        spec.setInputDataConfig(List.of(spec.channel(ChannelName.TRAIN), own));

        assertThat(PretrainedCatalogue.onS3("s3://models/imagenet", "keys", null, null)
                        .completing(spec))
                .isSameAs(spec);
        assertThat(JobValidator.validate(spec)).isEmpty();
    }
}
