package dev.fovea.trainer.train;

import ai.djl.Model;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.trainer.optimizer.FoveaOptimizer;
import dev.fovea.trainer.optimizer.Optimizers;
import dev.fovea.trainer.optimizer.WeightDecayScope;
import dev.fovea.trainer.schedule.EpochSize;

/**
 * How a job's optimizers are built: SageMaker's epoch size for the schedule, the host's device count for the gradient
 * scale, and weight decay on the network's weights and BatchNorm scales only. Both are built once the model holds its
 * network: the job's own optimizer, and (dist_async) each shard server's.
 *
 * @param model the model whose block the optimizers update
 */
public record OptimizerPlan(ResolvedHyperParameters hp, int hosts, int devices, Model model) {

    /** The optimizer this host's trainer steps with. */
    public FoveaOptimizer forJob() {
        return Optimizers.forJob(
                hp, EpochSize.stepsPerEpoch(hp, hosts), devices, WeightDecayScope.of(model.getBlock()));
    }

    /** The optimizer of this host's dist_async shard server. */
    public FoveaOptimizer forShardServer() {
        return Optimizers.forShardServer(
                hp, EpochSize.stepsPerEpoch(hp, hosts), hosts, devices, WeightDecayScope.of(model.getBlock()));
    }
}
