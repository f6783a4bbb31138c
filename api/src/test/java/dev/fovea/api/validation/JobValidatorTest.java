package dev.fovea.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.PrecisionDtype;
import dev.fovea.api.spec.ResourceConfig;
import dev.fovea.api.spec.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobValidatorTest {

    private static ImageClassificationJobSpec spec(HyperParameters hp) {
        InputChannel train = new InputChannel(ChannelName.TRAIN, ContentType.RECORDIO);
        train.setPersistentVolumeClaim(new PersistentVolumeClaimSource("data", "train"));
        ImageClassificationJobSpec spec = new ImageClassificationJobSpec();
        spec.setHyperParameters(hp);
        spec.setInputDataConfig(List.of(train));
        return spec;
    }

    private static HyperParameters required() {
        HyperParameters hp = new HyperParameters();
        hp.setNumClasses(10);
        hp.setNumTrainingSamples(100);
        return hp;
    }

    @Test
    void theTwoRequiredHyperParametersAndATrainChannelAreEnough() {
        assertThat(JobValidator.validate(spec(required()))).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() {
        HyperParameters hp = required();
        hp.setNumLayers(19);
        hp.setLearningRate(1.5);
        hp.setLrSchedulerStep("20, 10");
        ImageClassificationJobSpec spec = spec(hp);
        spec.getInputDataConfig().getFirst().getPersistentVolumeClaim().setSubPath("../up");

        assertThat(JobValidator.validate(spec))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "spec.hyperParameters.numLayers",
                        "spec.hyperParameters.learningRate",
                        "spec.hyperParameters.lrSchedulerStep",
                        "spec.inputDataConfig[0].persistentVolumeClaim.subPath");
    }

    @Test
    void crossFieldRulesUseSageMakersDefaults() {
        HyperParameters hp = required();
        hp.setCheckpointFrequency(31);
        hp.setResize(200);

        assertThat(JobValidator.validate(spec(hp)))
                .extracting(Violation::message)
                .containsExactlyInAnyOrder(
                        "checkpointFrequency 31 is greater than epochs 30: it must be a positive integer no greater than "
                                + "epochs",
                        "resize 200 is smaller than 224, the larger of imageShape's height and width: it must be at least "
                                + "224 so that resized images can be cropped to imageShape 3,224,224");
    }

    @Test
    void hyperParametersAreCheckedAgainstTheHosts() {
        HyperParameters hp = required();
        hp.setMiniBatchSize(4);
        hp.setPrecisionDtype(PrecisionDtype.FLOAT16);
        ImageClassificationJobSpec spec = spec(hp);
        spec.setResourceConfig(new ResourceConfig());
        spec.getResourceConfig().setInstanceCount(8);

        assertThat(JobValidator.validate(spec))
                .as("a batch smaller than the hosts is fine: each host trains miniBatchSize images per step")
                .extracting(Violation::message)
                .containsExactly("precisionDtype float16 needs GPUs, but resourceConfig.gpusPerHost is 0: set "
                        + "gpusPerHost >= 1 or use float32");
    }

    @Test
    void aHostsBatchMustDivideEvenlyOverItsGpus() {
        HyperParameters hp = required();
        hp.setMiniBatchSize(10);
        ImageClassificationJobSpec spec = spec(hp);
        spec.setResourceConfig(new ResourceConfig());
        spec.getResourceConfig().setGpusPerHost(4);

        assertThat(JobValidator.validate(spec))
                .extracting(Violation::message)
                .singleElement(STRING)
                .contains("miniBatchSize 10", "gpusPerHost 4");
    }

    @Test
    void aMissingSpecIsReported() {
        assertThat(JobValidator.validate((ImageClassificationJobSpec) null))
                .extracting(Violation::field)
                .containsExactly("spec");
    }
}
