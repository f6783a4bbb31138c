package dev.fovea.trainer.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.fovea.trainer.model.SageMakerResNet;
import dev.fovea.trainer.model.TestNetworks;
import dev.fovea.trainer.model.mxnet.MxNetNames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MXNet's default {@code wd_mult}: weight decay on {@code *_weight} and {@code *_gamma} only. */
class WeightDecayScopeTest {

    @Test
    void decaysTheWeightsAndBatchNormScalesOfSageMakersNetworkButNotItsBiasesOrShifts() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SageMakerResNet net = TestNetworks.initialised(20, 10, new Shape(3, 28, 28), manager);
            WeightDecayScope scope = WeightDecayScope.of(net);

            List<String> decayed = new ArrayList<>();
            List<String> notDecayed = new ArrayList<>();
            for (Pair<String, Parameter> named : net.getParameters()) {
                boolean mxnetDecays = named.getKey().endsWith(MxNetNames.WEIGHT)
                        || named.getKey().endsWith(MxNetNames.GAMMA);
                assertThat(scope.test(named.getKey()))
                        .as("by name: %s", named.getKey())
                        .isEqualTo(mxnetDecays);
                assertThat(scope.test(named.getValue().getId()))
                        .as("by id: %s", named.getKey())
                        .isEqualTo(mxnetDecays);
                (mxnetDecays ? decayed : notDecayed).add(named.getKey());
            }
            assertThat(decayed).contains("fc_weight", "bn1_gamma");
            assertThat(notDecayed).contains("fc_bias", "bn1_beta");
        }
    }

    @Test
    void anOptimizerDecaysOnlyTheParametersInScope() {
        try (NDManager manager = NDManager.newBaseManager();
                FoveaOptimizer sgd = new Sgd(Tracker.fixed(0.1f), 1f, 0.5f, 0f).decayOnly("w"::equals)) {
            NDArray weight = leaf(manager);
            NDArray bias = leaf(manager);

            sgd.update("w", weight, manager.zeros(new Shape(2)));
            sgd.update("b", bias, manager.zeros(new Shape(2)));

            assertThat(weight.toFloatArray()).as("w -= 0.1 * 0.5 w").containsExactly(0.95f, -1.9f);
            assertThat(bias.toFloatArray()).as("no gradient, no decay").containsExactly(1f, -2f);
        }
    }

    private static NDArray leaf(NDManager manager) {
        NDArray array = manager.create(new float[] {1f, -2f});
        array.setRequiresGradient(true);
        return array;
    }
}
