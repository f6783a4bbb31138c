package dev.fovea.api.hyperparameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.KvStore;
import dev.fovea.api.spec.Optimizer;
import dev.fovea.api.spec.Violation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SageMaker hyperparameter, in SageMaker's form: a valid value goes through parse, validate and back unchanged;
 * its default is SageMaker's; an invalid value is rejected with a message that names it.
 */
class HyperParameterCatalogueTest {

    /** One row per hyperparameter: a valid value, SageMaker's default (null: none) and invalid values. */
    record Case(HyperParameterField field, String valid, String expectedDefault, List<String> invalid) {
        @Override
        public String toString() {
            return field.sageMakerName();
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(HyperParameterField.NUM_CLASSES, "10", null, List.of("0", "-1", "ten", "2.5")),
                new Case(HyperParameterField.NUM_TRAINING_SAMPLES, "60000", null, List.of("0", "-3", "many")),
                new Case(HyperParameterField.USE_PRETRAINED_MODEL, "1", "0", List.of("2", "-1", "yes")),
                new Case(HyperParameterField.CHECKPOINT_FREQUENCY, "5", null, List.of("0", "31", "often")),
                new Case(HyperParameterField.NUM_LAYERS, "50", "152", List.of("19", "21", "0", "fifty")),
                new Case(HyperParameterField.RESIZE, "256", null, List.of("0", "100", "big")),
                new Case(HyperParameterField.EPOCHS, "40", "30", List.of("0", "-1", "1.5")),
                new Case(HyperParameterField.LEARNING_RATE, "0.01", "0.1", List.of("1.5", "-0.1", "fast", "NaN")),
                new Case(HyperParameterField.LR_SCHEDULER_FACTOR, "0.5", "0.1", List.of("2", "-1", "half")),
                new Case(
                        HyperParameterField.LR_SCHEDULER_STEP,
                        "10, 20",
                        null,
                        List.of("20, 10", "10, 10", "ten", "0, 10", "10,,20")),
                new Case(HyperParameterField.OPTIMIZER, "adam", "sgd", List.of("adagrad", "SGD", "")),
                new Case(HyperParameterField.MOMENTUM, "0.8", "0.9", List.of("1.1", "-0.1")),
                new Case(HyperParameterField.WEIGHT_DECAY, "0.0005", "0.0001", List.of("-0.0001", "2")),
                new Case(HyperParameterField.BETA_1, "0.8", "0.9", List.of("1.5", "-0.5")),
                new Case(HyperParameterField.BETA_2, "0.99", "0.999", List.of("1.01", "-1")),
                new Case(HyperParameterField.EPS, "0.0000001", "0.00000001", List.of("2", "-0.5")),
                new Case(HyperParameterField.GAMMA, "0.95", "0.9", List.of("1.2", "-0.2")),
                new Case(HyperParameterField.MINI_BATCH_SIZE, "128", "32", List.of("0", "-32", "32.5")),
                new Case(
                        HyperParameterField.IMAGE_SHAPE,
                        "1,28,28",
                        "3,224,224",
                        List.of("3,224", "2,224,224", "3,0,224", "3,224,-1", "rgb")),
                new Case(HyperParameterField.AUGMENTATION_TYPE, "crop_color", null, List.of("flip", "crop,color")),
                new Case(HyperParameterField.TOP_K, "3", null, List.of("1", "0", "five")),
                new Case(HyperParameterField.KV_STORE, "dist_async", null, List.of("local", "device", "dist")),
                new Case(HyperParameterField.EARLY_STOPPING, "True", "False", List.of("yes", "1", "on")),
                new Case(HyperParameterField.EARLY_STOPPING_MIN_EPOCHS, "5", "10", List.of("0", "-5")),
                new Case(HyperParameterField.EARLY_STOPPING_PATIENCE, "3", "5", List.of("0", "soon")),
                new Case(HyperParameterField.EARLY_STOPPING_TOLERANCE, "0.01", "0.0", List.of("1.5", "-0.1")),
                new Case(HyperParameterField.MULTI_LABEL, "1", "0", List.of("2", "-1", "True")),
                new Case(HyperParameterField.USE_WEIGHTED_LOSS, "1", "0", List.of("2", "-1")),
                new Case(HyperParameterField.PRECISION_DTYPE, "float16", "float32", List.of("float64", "fp16")));
    }

    /** The two required hyperparameters and room for the ranges the cases use. */
    private static Map<String, String> withRequired(String key, String value) {
        Map<String, String> sageMaker = new LinkedHashMap<>();
        sageMaker.put("num_classes", "10");
        sageMaker.put("num_training_samples", "1000");
        sageMaker.put(key, value);
        return sageMaker;
    }

    @Test
    void everyHyperParameterHasACase() {
        assertThat(cases().map(Case::field)).containsExactlyInAnyOrder(HyperParameterField.values());
        assertThat(HyperParameterField.values()).hasSize(22 + 4 + 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aValidValueIsAcceptedAndWrittenBackUnchanged(Case c) {
        Map<String, String> sageMaker = withRequired(c.field().sageMakerName(), c.valid());
        if (c.field() == HyperParameterField.RESIZE) {
            sageMaker.put("image_shape", "3,224,224");
        }
        if (c.field() == HyperParameterField.USE_WEIGHTED_LOSS) {
            sageMaker.put("multi_label", "1");
        }

        HyperParameters parsed = SageMakerForm.parse(sageMaker);

        assertThat(HyperParameterRules.validate(parsed)).isEmpty();
        assertThat(SageMakerForm.of(parsed)).isEqualTo(sageMaker);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDefaultIsSageMakers(Case c) {
        HyperParameters defaulted = HyperParameterDefaults.applyTo(SageMakerForm.parse(Map.of()));

        assertThat(SageMakerForm.of(defaulted).get(c.field().sageMakerName())).isEqualTo(c.expectedDefault());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anInvalidValueIsRejectedNamingTheField(Case c) {
        for (String invalid : c.invalid()) {
            List<Violation> violations = violationsOf(withRequired(c.field().sageMakerName(), invalid));

            assertThat(violations)
                    .as("%s=%s", c.field().sageMakerName(), invalid)
                    .anySatisfy(v -> {
                        assertThat(v.field())
                                .isIn(c.field().sageMakerName(), c.field().camelCaseName());
                        assertThat(v.message()).contains(v.field()).contains(invalid.trim());
                    });
        }
    }

    private static List<Violation> violationsOf(Map<String, String> sageMaker) {
        try {
            return HyperParameterRules.validate(SageMakerForm.parse(sageMaker));
        } catch (InvalidHyperParametersException e) {
            return e.violations();
        }
    }

    @Test
    void requiredHyperParametersAreReportedWhenMissing() {
        List<Violation> violations = HyperParameterRules.validate(SageMakerForm.parse(Map.of()));

        assertThat(violations)
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("numClasses", "numTrainingSamples");
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).contains("is required"));
    }

    @Test
    void unknownKeysAreRejectedAndAllProblemsReportedAtOnce() {
        Map<String, String> sageMaker = withRequired("dropout", "0.5");
        sageMaker.put("learning_rate", "fast");

        assertThatThrownBy(() -> SageMakerForm.parse(sageMaker))
                .isInstanceOfSatisfying(
                        InvalidHyperParametersException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::field)
                                .containsExactlyInAnyOrder("dropout", "learning_rate"))
                .hasMessageContaining("unknown hyperparameter dropout")
                .hasMessageContaining("learning_rate 'fast' is not valid: it must be a float");
    }

    @Test
    void afterDefaultsEveryFieldWithADefaultIsSet() {
        HyperParameters defaulted = HyperParameterDefaults.applyTo(new HyperParameters());

        for (HyperParameterField field : HyperParameterField.values()) {
            boolean hasDefault = field.defaultValue().isPresent();
            assertThat(SageMakerForm.of(defaulted).containsKey(field.sageMakerName()))
                    .as(field.sageMakerName())
                    .isEqualTo(hasDefault);
        }
        assertThat(defaulted.getOptimizer()).isEqualTo(Optimizer.SGD);
        assertThat(defaulted.getEps()).isEqualTo(1e-8);
        assertThat(defaulted.getEarlyStopping()).isFalse();
    }

    @Test
    void defaultsDoNotOverrideWhatIsSet() {
        HyperParameters set = new HyperParameters();
        set.setEpochs(12);
        set.setKvStore(KvStore.DIST_ASYNC);

        HyperParameters defaulted = HyperParameterDefaults.applyTo(set);

        assertThat(defaulted.getEpochs()).isEqualTo(12);
        assertThat(defaulted.getCheckpointFrequency())
                .as("no default, as SageMaker")
                .isNull();
        assertThat(defaulted.getKvStore()).isEqualTo(KvStore.DIST_ASYNC);
        assertThat(set.getCheckpointFrequency()).as("the input is not changed").isNull();
    }

    @Test
    void eachFieldDescriptionGivesItsSageMakerNameAndDefault() {
        for (HyperParameterField field : HyperParameterField.values()) {
            String description = Arrays.stream(HyperParameters.class.getDeclaredFields())
                    .filter(f -> f.getName().equals(field.camelCaseName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("HyperParameters has no field " + field.camelCaseName()))
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonPropertyDescription.class)
                    .value();
            assertThat(description)
                    .as(field.camelCaseName())
                    .startsWith("SageMaker " + field.sageMakerName() + ".")
                    .contains("Valid values: ");
            field.defaultValue()
                    .ifPresent(value -> assertThat(description.toLowerCase().replace("\"", ""))
                            .as("default of %s", field.camelCaseName())
                            .contains("default: " + value.toLowerCase().replace("\"", "")));
        }
    }
}
