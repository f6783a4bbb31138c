package dev.fovea.trainer.optimizer;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The parameters weight decay applies to, as MXNet's {@code Optimizer.set_wd_mult} decides by default: those named
 * {@code *_weight} (convolution and fully-connected weights) and {@code *_gamma} (BatchNorm scales), not biases nor
 * BatchNorm's {@code *_beta} shifts. Fovea's networks name their parameters that way, and DJL's parameter types say
 * the same ({@link Parameter.Type#WEIGHT}, {@link Parameter.Type#GAMMA}), which also holds for the torchvision-style
 * network. A parameter is matched by its id (as DJL's trainer updates it) or its name in the block (as a dist_async
 * shard server does).
 */
public final class WeightDecayScope implements Predicate<String> {

    private final Set<String> decayed = new HashSet<>();

    private WeightDecayScope() {}

    /** The decayed parameters of {@code block}. */
    public static WeightDecayScope of(Block block) {
        WeightDecayScope scope = new WeightDecayScope();
        for (Pair<String, Parameter> named : block.getParameters()) {
            Parameter.Type type = named.getValue().getType();
            if (type == Parameter.Type.WEIGHT || type == Parameter.Type.GAMMA) {
                scope.decayed.add(named.getKey());
                scope.decayed.add(named.getValue().getId());
            }
        }
        return scope;
    }

    @Override
    public boolean test(String parameter) {
        return decayed.contains(parameter);
    }
}
