package dev.fovea.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import dev.fovea.trainer.model.mxnet.MxNetNames;
import dev.fovea.trainer.model.mxnet.MxNetSymbol.Node;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SageMakerResNetTest {

    /**
     * MXNet's counts for resnet.py's networks: the values of the learned parameters ({@code arg:}, bn_data's fixed
     * gamma included) and of BatchNorm's moving statistics ({@code aux:}), as the shapes MXNet infers for
     * {@code get_symbol(num_classes, num_layers, image_shape)} add up.
     */
    @ParameterizedTest(name = "ResNet-{0} on {1}x{2}x{2}, {3} classes: {4} + {5} values")
    @CsvSource({
        "18, 3, 224, 1000, 11691950, 7942",
        "34, 3, 224, 1000, 21800110, 15366",
        "50, 3, 224, 1000, 25549486, 45574",
        "101, 3, 224, 1000, 44541614, 97798",
        "152, 3, 224, 1000, 60185262, 143878",
        "200, 3, 224, 1000, 64666286, 168454",
        "50, 3, 180, 2, 23504584, 45574",
        "20, 1, 28, 10, 272252, 1378",
        "32, 1, 28, 10, 466684, 2274",
        "44, 1, 28, 10, 661116, 3170",
        "56, 1, 28, 10, 855548, 4066",
        "110, 1, 28, 10, 1730492, 8098",
        "20, 3, 28, 10, 272544, 1382",
        "50, 3, 28, 10, 758624, 3622",
        "152, 3, 28, 10, 2411296, 11238",
        "200, 3, 28, 10, 2074208, 29606"
    })
    void parameterCountsAreMxNets(int depth, int channels, int size, int classes, long args, long aux) {
        Map<String, Long> counts = countByKind(depth, classes, new Shape(channels, size, size));

        assertThat(counts).containsEntry(MxNetNames.ARG, args).containsEntry(MxNetNames.AUX, aux);
    }

    /** Every parameter's name and shape is what SageMaker's symbol implies for it (the fixture's channel counts). */
    @Test
    void parametersHaveSageMakersNamesAndShapes() throws IOException {
        Map<String, Shape> sageMakers =
                parameterShapes(SageMakerFixture.symbol().nodes(), 3);

        Map<String, Shape> ours = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet net = TestNetworks.initialised(50, 2, new Shape(3, 180, 320), manager);
            net.getParameters()
                    .forEach(pair -> ours.put(
                            MxNetNames.key(pair.getKey(), pair.getValue()),
                            pair.getValue().getArray().getShape()));
        }

        assertThat(ours).hasSize(sageMakers.size()).containsExactlyInAnyOrderEntriesOf(sageMakers);
    }

    @ParameterizedTest(name = "ResNet-{0} on height {1}: units {2}, bottleneck {3}, small stem {4}")
    @CsvSource(
            delimiter = ';',
            value = {
                "20; 28; [3, 3, 3]; false; true",
                "110; 28; [18, 18, 18]; false; true",
                "50; 28; [8, 8, 8]; false; true",
                "152; 28; [25, 25, 25]; false; true",
                "200; 28; [22, 22, 22]; true; true",
                "50; 29; [3, 4, 6, 3]; true; true",
                "50; 32; [3, 4, 6, 3]; true; true",
                "50; 33; [3, 4, 6, 3]; true; false",
                "18; 224; [2, 2, 2, 2]; false; false",
                "200; 224; [3, 24, 36, 3]; true; false",
                // no MXNet network: the layout the depth is listed under
                "18; 28; [2, 2, 2, 2]; false; true",
                "101; 28; [3, 4, 23, 3]; true; true",
                "20; 32; [3, 3, 3]; false; true",
                "56; 224; [9, 9, 9]; false; false"
            })
    void theLayoutFollowsTheDepthAndTheImageHeightAsInResNetPy(
            int depth, int height, String units, boolean bottleneck, boolean smallStem) {
        SageMakerResNetLayout layout = SageMakerResNetLayout.of(depth, new Shape(3, height, height));

        assertThat(layout.unitsPerStage()).hasToString(units);
        assertThat(layout.bottleneck()).isEqualTo(bottleneck);
        assertThat(layout.smallStem()).isEqualTo(smallStem);
        assertThat(SageMakerResNetLayout.depth(layout.unitsPerStage(), layout.bottleneck()))
                .isEqualTo(depth);
    }

    @ParameterizedTest(name = "ResNet-{0} on {1}x{2}x{3} gives one score per class")
    @CsvSource({"20, 1, 28, 28", "20, 3, 32, 32", "18, 1, 28, 28", "18, 3, 64, 48", "50, 3, 45, 80", "200, 1, 20, 20"})
    void forwardPassGivesOneScorePerClass(int depth, int channels, int height, int width) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(2, channels, height, width);
            SageMakerResNet net = TestNetworks.initialised(depth, 7, new Shape(channels, height, width), manager);

            NDArray scores = net.forward(
                            new ParameterStore(manager, false), new NDList(manager.randomNormal(input)), true)
                    .singletonOrThrow();

            assertThat(scores.getShape()).isEqualTo(new Shape(2, 7));
            assertThat(net.getOutputShapes(new Shape[] {input})).containsExactly(new Shape(2, 7));
            assertThat(scores.isNaN().any().getBoolean()).isFalse();
        }
    }

    /** SageMaker's bn_data has fix_gamma=True: its scale is 1 whatever gamma holds, and gamma is not trained. */
    @Test
    void theInputBatchNormScalesByOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet net = TestNetworks.initialised(20, 3, new Shape(1, 8, 8), manager);
            Parameter gamma = net.getParameters().get("bn_data_gamma");
            NDArray x = manager.randomNormal(new Shape(4, 1, 8, 8));
            float[] before = TestNetworks.infer(net, x, manager);

            gamma.getArray().set(new float[] {5f});

            assertThat(gamma.requiresGradient()).isFalse();
            assertThat(net.getParameters().get("bn0_gamma")).isNull();
            assertThat(net.getParameters().get("stage1_unit1_bn1_gamma").requiresGradient())
                    .isTrue();
            assertThat(TestNetworks.infer(net, x, manager)).containsExactly(before);
        }
    }

    @Test
    void classifierParametersAreExactlyTheTopFullyConnectedLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet net = TestNetworks.initialised(20, 10, new Shape(1, 28, 28), manager);

            assertThat(net.getParameters().keys())
                    .filteredOn(SageMakerResNet::isClassifierParameter)
                    .containsExactly("fc_weight", "fc_bias");
            assertThat(net.getParameters().get("fc_weight").getArray().getShape())
                    .isEqualTo(new Shape(10, 64));
        }
    }

    @Test
    void badArgumentsNameTheFieldAndTheAllowedValues() {
        assertThatThrownBy(() -> SageMakerResNet.build(19, 10, new Shape(3, 32, 32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numLayers=19")
                .hasMessageContaining("[18, 34, 50, 101, 152, 200, 20, 32, 44, 56, 110]");
        assertThatThrownBy(() -> SageMakerResNet.build(20, 0, new Shape(3, 32, 32)))
                .hasMessageContaining("numClasses=0");
        assertThatThrownBy(() -> SageMakerResNet.build(20, 10, new Shape(32, 32)))
                .hasMessageContaining("imageShape");
    }

    /** Initialising fixes every parameter's shape; zeros keep ResNet-200's 65M values cheap to allocate. */
    private static Map<String, Long> countByKind(int depth, int classes, Shape image) {
        Map<String, Long> counts = new HashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet net = SageMakerResNet.build(depth, classes, image);
            net.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
            net.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(image));
            net.getParameters()
                    .forEach(pair -> counts.merge(
                            MxNetNames.key(pair.getKey(), pair.getValue()).substring(0, 4),
                            pair.getValue().getArray().size(),
                            Long::sum));
        }
        return counts;
    }

    /**
     * The parameter shapes a symbol implies for {@code inputChannels}-channel images, keyed as in a {@code .params}
     * file: each operator's output channels follow from its input's, as MXNet's shape inference finds them.
     */
    private static Map<String, Shape> parameterShapes(List<Node> nodes, long inputChannels) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        long[] channels = new long[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            long in = node.inputs().isEmpty()
                    ? inputChannels
                    : channels[node.inputs().getFirst()];
            channels[i] = in;
            switch (node.op()) {
                case "BatchNorm" -> {
                    shapes.put(MxNetNames.ARG + node.name() + MxNetNames.GAMMA, new Shape(in));
                    shapes.put(MxNetNames.ARG + node.name() + MxNetNames.BETA, new Shape(in));
                    shapes.put(MxNetNames.AUX + node.name() + MxNetNames.MOVING_MEAN, new Shape(in));
                    shapes.put(MxNetNames.AUX + node.name() + MxNetNames.MOVING_VAR, new Shape(in));
                }
                case "Convolution" -> {
                    long filters = Long.parseLong(node.attributes().get("num_filter"));
                    long kernel = Long.parseLong(node.attributes().get("kernel").replaceAll("\\((\\d+),.*", "$1"));
                    shapes.put(
                            MxNetNames.ARG + node.name() + MxNetNames.WEIGHT, new Shape(filters, in, kernel, kernel));
                    channels[i] = filters;
                }
                case "FullyConnected" -> {
                    long hidden = Long.parseLong(node.attributes().get("num_hidden"));
                    shapes.put(MxNetNames.ARG + node.name() + MxNetNames.WEIGHT, new Shape(hidden, in));
                    shapes.put(MxNetNames.ARG + node.name() + MxNetNames.BIAS, new Shape(hidden));
                    channels[i] = hidden;
                }
                default -> {}
            }
        }
        return shapes;
    }
}
