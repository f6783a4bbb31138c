package dev.fovea.trainer.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import dev.fovea.trainer.ClientError;
import org.junit.jupiter.api.Test;

class ParameterCopyTest {

    private static Parameter convolutionWeight(NDManager manager) {
        Conv2d conv = Conv2d.builder()
                .setKernelShape(new Shape(1, 1))
                .setFilters(2)
                .optBias(false)
                .build();
        conv.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 4, 4));
        return conv.getParameters().get("weight");
    }

    @Test
    void valuesOfTheSameShapeReplaceTheInitialisedOnes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter weight = convolutionWeight(manager);
            float[] values = {1, 2, 3, 4, 5, 6};

            ParameterCopy.copy(weight, values, new Shape(2, 3, 1, 1), "model.pt: tensor conv1.weight", "ResNet-18");

            assertThat(weight.getArray().toFloatArray()).containsExactly(values);
        }
    }

    @Test
    void aMisShapedTensorNamesItselfAndBothShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter weight = convolutionWeight(manager);

            assertThatThrownBy(() -> ParameterCopy.copy(
                            weight,
                            new float[8],
                            new Shape(2, 4, 1, 1),
                            "model.pt: tensor layer1.0.conv1.weight",
                            "Fovea's ResNet-18"))
                    .isInstanceOf(ClientError.class)
                    .hasMessage("model.pt: tensor layer1.0.conv1.weight has shape (2, 4, 1, 1) but Fovea's ResNet-18"
                            + " needs (2, 3, 1, 1) there");
        }
    }
}
