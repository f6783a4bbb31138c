package dev.fovea.trainer.pretrained;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fovea.trainer.model.ResNets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fovea's ImageNet ResNets have a parameter for every tensor of torchvision's (but the classifier and BatchNorm's
 * step counter), under torchvision's name and with its shape; the names and shapes come from torchvision itself.
 */
class TorchVisionNamesTest {

    @ParameterizedTest
    @ValueSource(ints = {18, 50})
    void everyLayerButTheClassifierHasTorchvisionsNameAndShape(int depth) {
        JsonNode torchvision =
                PretrainedFixtures.json("torchvision-state-dict-shapes.json").get("resnet" + depth);
        Map<String, Shape> expected = new TreeMap<>();
        torchvision.properties().forEach(tensor -> {
            long[] shape = new long[tensor.getValue().size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = tensor.getValue().get(d).longValue();
            }
            expected.put(tensor.getKey(), new Shape(shape));
        });
        expected.keySet().removeIf(name -> name.startsWith("fc.") || name.endsWith(".num_batches_tracked"));

        try (NDManager manager = NDManager.newBaseManager()) {
            Block resNet = ResNets.build(depth, 1000, new Shape(3, 32, 32));
            resNet.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, Shape> fovea = new TreeMap<>();
            TorchVisionNames.of(resNet)
                    .forEach((name, parameter) ->
                            fovea.put(name, parameter.getArray().getShape()));

            assertThat(fovea).isEqualTo(expected);
        }
    }
}
