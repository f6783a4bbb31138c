package dev.fovea.trainer.train.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.trainer.train.EpochMetrics;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SageMakerLogLinesTest {

    /** The metric definitions SageMaker publishes for the Image Classification algorithm. */
    private static final Pattern TRAIN = Pattern.compile("^Epoch\\[(\\d+)\\] Train-accuracy=([0-9\\.]+)$");

    private static final Pattern VALIDATION = Pattern.compile("^Epoch\\[(\\d+)\\] Validation-accuracy=([0-9\\.]+)$");

    @Test
    void printsSageMakersLinesWithItsPrecision() {
        EpochMetrics metrics = new EpochMetrics(
                2,
                0.5810185,
                OptionalDouble.of(0.9),
                0.7,
                OptionalDouble.of(0.6666666),
                OptionalDouble.of(0.95),
                2.11649,
                320);

        assertThat(new SageMakerLogLines(5, line -> {}).lines(metrics))
                .containsExactly(
                        "Epoch[2] Train-accuracy=0.581019",
                        "Epoch[2] Train-top_k_accuracy_5=0.900000",
                        "Epoch[2] Time cost=2.116",
                        "Epoch[2] Validation-accuracy=0.666667",
                        "Epoch[2] Validation-top_k_accuracy_5=0.950000");
    }

    @Test
    void linesMatchSageMakersMetricRegexes() {
        EpochMetrics metrics = new EpochMetrics(
                0, 1.0, OptionalDouble.empty(), 0.1, OptionalDouble.of(0.25), OptionalDouble.empty(), 61.5, 10);
        var lines = new SageMakerLogLines(0, line -> {}).lines(metrics);

        assertThat(lines)
                .anySatisfy(line -> assertThat(TRAIN.matcher(line).matches()).isTrue());
        assertThat(lines)
                .anySatisfy(
                        line -> assertThat(VALIDATION.matcher(line).matches()).isTrue());
        assertThat(lines).noneMatch(line -> line.contains("top_k"));
    }

    @Test
    void withoutAValidationChannelOnlyTrainingLinesArePrinted() {
        EpochMetrics metrics = new EpochMetrics(
                4, 0.5, OptionalDouble.of(0.8), 1.0, OptionalDouble.empty(), OptionalDouble.empty(), 1, 1);

        assertThat(new SageMakerLogLines(3, line -> {}).lines(metrics))
                .containsExactly(
                        "Epoch[4] Train-accuracy=0.500000",
                        "Epoch[4] Train-top_k_accuracy_3=0.800000",
                        "Epoch[4] Time cost=1.000");
    }
}
