package dev.fovea.api.hyperparameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.api.spec.AugmentationType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageShape;
import dev.fovea.api.spec.KvStore;
import dev.fovea.api.spec.Optimizer;
import dev.fovea.api.spec.PrecisionDtype;
import dev.fovea.api.spec.Violation;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What code that trains sees of a job's hyperparameters: SageMaker's defaults applied once, every value parsed. */
class ResolvedHyperParametersTest {

    private static HyperParameters required() {
        HyperParameters hp = new HyperParameters();
        hp.setNumClasses(10);
        hp.setNumTrainingSamples(60_000);
        return hp;
    }

    @Test
    void aJobThatSetsOnlyTheRequiredFieldsGetsSageMakersDefaults() {
        ResolvedHyperParameters hp = ResolvedHyperParameters.resolve(required());

        assertThat(hp.numClasses()).isEqualTo(10);
        assertThat(hp.numTrainingSamples()).isEqualTo(60_000);
        assertThat(hp.usePretrainedModel()).isFalse();
        assertThat(hp.checkpointFrequency())
                .as("unset: best-validation checkpoints")
                .isEmpty();
        assertThat(hp.numLayers()).isEqualTo(152);
        assertThat(hp.resize()).isEmpty();
        assertThat(hp.epochs()).isEqualTo(30);
        assertThat(hp.learningRate()).isEqualTo(0.1);
        assertThat(hp.lrSchedulerFactor()).isEqualTo(0.1);
        assertThat(hp.lrSchedulerStep()).isEmpty();
        assertThat(hp.optimizer()).isEqualTo(Optimizer.SGD);
        assertThat(hp.momentum()).isEqualTo(0.9);
        assertThat(hp.weightDecay()).isEqualTo(0.0001);
        assertThat(hp.beta1()).isEqualTo(0.9);
        assertThat(hp.beta2()).isEqualTo(0.999);
        assertThat(hp.eps()).isEqualTo(1e-8);
        assertThat(hp.gamma()).isEqualTo(0.9);
        assertThat(hp.miniBatchSize()).isEqualTo(32);
        assertThat(hp.imageShape()).isEqualTo(new ImageShape(3, 224, 224));
        assertThat(hp.augmentationType()).isEmpty();
        assertThat(hp.topK()).isEmpty();
        assertThat(hp.kvStore()).isEmpty();
        assertThat(hp.exchangeMode())
                .as("several hosts without a kvStore synchronise")
                .isEqualTo(KvStore.DIST_SYNC);
        assertThat(hp.earlyStopping()).isFalse();
        assertThat(hp.earlyStoppingMinEpochs()).isEqualTo(10);
        assertThat(hp.earlyStoppingPatience()).isEqualTo(5);
        assertThat(hp.earlyStoppingTolerance()).isEqualTo(0.0);
        assertThat(hp.multiLabel()).isFalse();
        assertThat(hp.useWeightedLoss()).isFalse();
        assertThat(hp.precisionDtype()).isEqualTo(PrecisionDtype.FLOAT32);
    }

    @Test
    void valuesWrittenAsTextArriveParsed() {
        ResolvedHyperParameters hp = ResolvedHyperParameters.resolve(SageMakerForm.parse(Map.of(
                "num_classes", "10",
                "num_training_samples", "100",
                "image_shape", " 1, 28 ,28",
                "lr_scheduler_step", "10, 20",
                "checkpoint_frequency", "5",
                "resize", "32",
                "use_pretrained_model", "1",
                "augmentation_type", "crop_color",
                "kv_store", "dist_async",
                "multi_label", "1")));

        assertThat(hp.imageShape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(hp.lrSchedulerStep()).containsExactly(10, 20);
        assertThat(hp.checkpointFrequency()).isEqualTo(OptionalInt.of(5));
        assertThat(hp.resize()).isEqualTo(OptionalInt.of(32));
        assertThat(hp.usePretrainedModel()).isTrue();
        assertThat(hp.augmentationType()).contains(AugmentationType.CROP_COLOR);
        assertThat(hp.kvStore()).contains(KvStore.DIST_ASYNC);
        assertThat(hp.exchangeMode()).isEqualTo(KvStore.DIST_ASYNC);
        assertThat(hp.multiLabel()).isTrue();
    }

    @Test
    void anInvalidJobIsRejectedWithEveryViolation() {
        HyperParameters hp = required();
        hp.setNumLayers(19);
        hp.setTopK(1);
        hp.setLrSchedulerStep("20, 10");

        assertThatThrownBy(() -> ResolvedHyperParameters.resolve(hp))
                .isInstanceOfSatisfying(
                        InvalidHyperParametersException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::field)
                                .containsExactlyInAnyOrder("numLayers", "topK", "lrSchedulerStep"))
                .hasMessageContaining("lrSchedulerStep \"20, 10\" is not valid");
    }

    @Test
    void aWrongValueIsReportedOnceEvenWhereADefaultDerivesFromIt() {
        HyperParameters hp = required();
        hp.setEpochs(0);

        assertThatThrownBy(() -> ResolvedHyperParameters.resolve(hp))
                .isInstanceOfSatisfying(
                        InvalidHyperParametersException.class,
                        e -> assertThat(e.violations())
                                .as("only epochs is wrong")
                                .extracting(Violation::field)
                                .containsExactly("epochs"));
    }

    @Test
    void aMissingSpecIsRejectedNamingTheRequiredFields() {
        assertThatThrownBy(() -> ResolvedHyperParameters.resolve(null))
                .isInstanceOfSatisfying(
                        InvalidHyperParametersException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::field)
                                .containsExactlyInAnyOrder("numClasses", "numTrainingSamples"));
    }

    @Test
    void theComponentsAreTheCatalogueInItsOrder() {
        List<String> components = Arrays.stream(ResolvedHyperParameters.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();

        assertThat(components)
                .containsExactlyElementsOf(Arrays.stream(HyperParameterField.values())
                        .map(HyperParameterField::camelCaseName)
                        .toList());
    }

    @Test
    void theSpecFormHoldsTheSameValuesWithEveryDefaultFilledIn() {
        HyperParameters hp = required();
        hp.setImageShape("1,28,28");
        hp.setLrSchedulerStep("3,6");
        hp.setEpochs(8);
        hp.setResize(32);
        hp.setKvStore(KvStore.DIST_SYNC);
        hp.setAugmentationType(AugmentationType.CROP);

        ResolvedHyperParameters resolved = ResolvedHyperParameters.resolve(hp);

        assertThat(resolved.toSpec()).isEqualTo(HyperParameterDefaults.applyTo(hp));
        ResolvedHyperParameters again = ResolvedHyperParameters.resolve(resolved.toSpec());
        assertThat(again)
                .as("resolving the spec form again changes nothing")
                .usingRecursiveComparison()
                .isEqualTo(resolved);
        assertThat(again.checkpointFrequency()).as("no default, as SageMaker").isEmpty();
    }
}
