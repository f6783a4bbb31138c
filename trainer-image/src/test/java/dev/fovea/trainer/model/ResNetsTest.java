package dev.fovea.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResNetsTest {

    /**
     * Exact counts of the paper's nets (the ImageNet ones equal torchvision's resnet18...152), and
     * the figure the papers print, which the exact count must round to.
     */
    @ParameterizedTest(name = "ResNet-{0} has {2} parameters ({3}M in the paper)")
    @CsvSource({
        "18, 1000, 11689512, 11.7",
        "34, 1000, 21797672, 21.8",
        "50, 1000, 25557032, 25.6",
        "101, 1000, 44549160, 44.5",
        "152, 1000, 60192808, 60.2",
        "200, 1000, 64673832, 64.7",
        "20, 10, 269722, 0.27",
        "32, 10, 464154, 0.46",
        "44, 10, 658586, 0.66",
        "56, 10, 853018, 0.85",
        "110, 10, 1727962, 1.7"
    })
    void parameterCountsAreThePapers(int depth, int classes, long exact, String paperMillions) {
        long count = countTrainableParameters(depth, classes);

        assertThat(count).isEqualTo(exact);
        int decimals = paperMillions.length() - paperMillions.indexOf('.') - 1;
        double roundedMillions = Math.round(count / 1e6 * Math.pow(10, decimals)) / Math.pow(10, decimals);
        assertThat(roundedMillions).isEqualTo(Double.parseDouble(paperMillions));
    }

    @ParameterizedTest(name = "ResNet-{0} on {1}x{2}x{2} gives one score per class")
    @CsvSource({"20, 1, 28", "20, 3, 32", "18, 1, 28", "18, 3, 64", "50, 3, 32"})
    void forwardPassGivesOneScorePerClass(int depth, int channels, int size) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ResNets.build(depth, 7, new Shape(channels, size, size));
            Shape input = new Shape(2, channels, size, size);
            net.initialize(manager, DataType.FLOAT32, input);

            NDArray scores = net.forward(
                            new ParameterStore(manager, false), new NDList(manager.randomNormal(input)), true)
                    .singletonOrThrow();

            assertThat(scores.getShape()).isEqualTo(new Shape(2, 7));
            assertThat(net.getOutputShapes(new Shape[] {input})).containsExactly(new Shape(2, 7));
            assertThat(scores.isInfinite().any().getBoolean()).isFalse();
            assertThat(scores.isNaN().any().getBoolean()).isFalse();
        }
    }

    @Test
    void classifierParametersAreExactlyTheTopFullyConnectedLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ResNets.build(20, 10, new Shape(1, 28, 28));
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));

            List<Pair<String, Parameter>> classifier = net.getParameters().stream()
                    .filter(p -> ResNets.isClassifierParameter(p.getKey()))
                    .toList();

            assertThat(classifier)
                    .extracting(p -> p.getValue().getArray().getShape())
                    .containsExactlyInAnyOrder(new Shape(10, 64), new Shape(10));
        }
    }

    @Test
    void familiesAreToldApartByDepth() {
        assertThat(ResNetLayout.SUPPORTED_DEPTHS)
                .filteredOn(ResNets::isImageNetDepth)
                .containsExactly(18, 34, 50, 101, 152, 200);
        assertThat(ResNetLayout.SUPPORTED_DEPTHS)
                .filteredOn(ResNets::isCifarDepth)
                .containsExactly(20, 32, 44, 56, 110);
    }

    @Test
    void badArgumentsNameTheFieldAndTheAllowedValues() {
        assertThatThrownBy(() -> ResNets.build(19, 10, new Shape(3, 32, 32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numLayers=19")
                .hasMessageContaining("[18, 34, 50, 101, 152, 200, 20, 32, 44, 56, 110]");
        assertThatThrownBy(() -> ResNets.build(20, 0, new Shape(3, 32, 32))).hasMessageContaining("numClasses=0");
        assertThatThrownBy(() -> ResNets.build(20, 10, new Shape(32, 32))).hasMessageContaining("imageShape");
    }

    /**
     * Initialising on a tiny input fixes every parameter's shape without a forward pass; zeros
     * instead of random weights keep ResNet-200's 65M parameters cheap to allocate.
     */
    private static long countTrainableParameters(int depth, int classes) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ResNets.build(depth, classes, new Shape(3, 32, 32));
            net.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            return net.getParameters().values().stream()
                    .filter(Parameter::requiresGradient)
                    .mapToLong(p -> p.getArray().size())
                    .sum();
        }
    }
}
