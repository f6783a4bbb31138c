package dev.fovea.trainer.model.mxnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fovea.trainer.model.SageMakerResNet;
import dev.fovea.trainer.model.TestNetworks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MxNetParametersTest {

    private static final Shape IMAGE = new Shape(1, 12, 12);

    @Test
    void aNetworksParametersAreMxNetsArgumentsThenAuxiliaryStates() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet net = trained(manager);

            NDArrayList list = MxNetParameters.of(net);

            assertThat(list.names())
                    .startsWith("arg:bn_data_gamma", "arg:bn_data_beta", "arg:conv0_weight")
                    .contains("arg:stage2_unit1_sc_weight", "arg:fc_weight", "arg:fc_bias")
                    .contains("aux:bn_data_moving_mean", "aux:bn_data_moving_var", "aux:bn1_moving_var")
                    .hasSize(net.getParameters().size());
            int firstAux = list.names().indexOf("aux:bn_data_moving_mean");
            assertThat(list.names().subList(0, firstAux)).allMatch(name -> name.startsWith("arg:"));
            assertThat(list.names().subList(firstAux, list.names().size())).allMatch(name -> name.startsWith("aux:"));
            assertThat(list.byName().get("aux:stage1_unit2_bn2_moving_mean").data())
                    .isEqualTo(MxNetParameters.toMxNet(net.getParameters()
                                    .get("stage1_unit2_bn2_runningMean")
                                    .getArray())
                            .data());
        }
    }

    @Test
    void loadedParametersGiveTheSamePredictions() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet source = trained(manager);
            SageMakerResNet target = initialised(manager, 5);
            NDArray images = manager.randomNormal(new Shape(3).addAll(IMAGE));

            MxNetParameters.load(MxNetParameters.of(source), target, name -> false);

            assertThat(TestNetworks.infer(target, images, manager))
                    .containsExactly(TestNetworks.infer(source, images, manager));
        }
    }

    @Test
    void float16ValuesLoadIntoAFloat32Network() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet source = trained(manager);
            Map<String, MxNetArray> halves = new LinkedHashMap<>();
            MxNetParameters.of(source).byName().forEach((name, array) -> {
                try (NDArray values = manager.create(
                                ByteBuffer.wrap(array.data()).order(ByteOrder.LITTLE_ENDIAN),
                                new Shape(array.shape()),
                                DataType.FLOAT32)
                        .toType(DataType.FLOAT16, false)) {
                    halves.put(name, MxNetParameters.toMxNet(values));
                }
            });
            SageMakerResNet target = initialised(manager, 5);

            MxNetParameters.load(NDArrayList.of(halves), target, name -> false);

            NDArray loaded = target.getParameters().get("conv0_weight").getArray();
            NDArray original = source.getParameters().get("conv0_weight").getArray();
            assertThat(loaded.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(loaded.sub(original).abs().max().getFloat())
                    .isGreaterThan(0f)
                    .isLessThan(1e-3f);
        }
    }

    @Test
    void parametersThatDoNotFitAreListedAndNothingIsWritten() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, MxNetArray> file =
                    new LinkedHashMap<>(MxNetParameters.of(trained(manager)).byName());
            file.remove("arg:stage1_unit1_conv1_weight");
            file.put("arg:extra_weight", file.get("arg:fc_bias"));
            SageMakerResNet target = initialised(manager, 4);
            float[] before =
                    target.getParameters().get("conv0_weight").getArray().toFloatArray();

            assertThatThrownBy(() -> MxNetParameters.load(NDArrayList.of(file), target, name -> false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 missing (arg:stage1_unit1_conv1_weight)")
                    .hasMessageContaining("1 not in the network (arg:extra_weight)")
                    .hasMessageContaining("arg:fc_weight is (5, 64), the network needs (4, 64)");
            assertThat(target.getParameters().get("conv0_weight").getArray().toFloatArray())
                    .containsExactly(before);
        }
    }

    @Test
    void skippedParametersKeepTheirValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet source = trained(manager);
            SageMakerResNet target = initialised(manager, 4);
            float[] classifier =
                    target.getParameters().get("fc_weight").getArray().toFloatArray();

            MxNetParameters.load(MxNetParameters.of(source), target, SageMakerResNet::isClassifierParameter);

            assertThat(target.getParameters().get("fc_weight").getArray().toFloatArray())
                    .containsExactly(classifier);
            assertThat(target.getParameters().get("conv0_weight").getArray().toFloatArray())
                    .containsExactly(source.getParameters()
                            .get("conv0_weight")
                            .getArray()
                            .toFloatArray());
        }
    }

    private static SageMakerResNet trained(NDManager manager) {
        return TestNetworks.trained(20, 5, IMAGE, manager);
    }

    private static SageMakerResNet initialised(NDManager manager, int classes) {
        return TestNetworks.initialised(20, classes, IMAGE, manager);
    }
}
