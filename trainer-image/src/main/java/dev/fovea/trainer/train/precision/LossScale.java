package dev.fovea.trainer.train.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import dev.fovea.trainer.exchange.params.Mirrors;
import dev.fovea.trainer.exchange.params.NoGrad;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic loss scaling for float16 training, as PyTorch's {@code GradScaler}: the gradient entering the network is
 * multiplied by {@link #scale()} ({@link Float16Network}) so that small float16 gradients do not flush to zero, and
 * {@link #unscale} divides the gradients by it again before the optimizer sees them. A step whose gradients
 * hold an infinity or NaN halves the scale and contributes zero gradients (so the hosts of a gang still exchange the
 * same sequence of steps); {@value #GROWTH_INTERVAL} steps in a row without one double it.
 */
public final class LossScale {

    private static final Logger LOG = LoggerFactory.getLogger(LossScale.class);
    static final float INITIAL = 65536f;
    static final int GROWTH_INTERVAL = 2000;

    private float scale;
    private int goodSteps;

    public LossScale() {
        this(INITIAL);
    }

    LossScale(float initial) {
        this.scale = initial;
    }

    /** What the gradient entering the network is multiplied by in the next backward pass. */
    public float scale() {
        return scale;
    }

    /**
     * Divides every trainable parameter's gradients (on every device) by the scale they were computed with, or zeroes
     * them all when one is not finite, and adapts the scale.
     *
     * @return whether the gradients were finite
     */
    public boolean unscale(Trainer trainer) {
        // every array made here, the gradient handles included, is closed with the scope (not the parameters' manager)
        try (NDScope scope = new NDScope()) {
            List<NDArray> gradients = new ArrayList<>();
            for (var pair : trainer.getModel().getBlock().getParameters()) {
                Parameter parameter = pair.getValue();
                if (parameter.requiresGradient()) {
                    Mirrors.of(trainer, parameter).copies().forEach(copy -> gradients.add(copy.getGradient()));
                }
            }
            return step(gradients);
        }
    }

    /** Unscales {@code gradients} (or zeroes them) and adapts the scale; returns whether they were finite. */
    boolean step(List<NDArray> gradients) {
        boolean finite = unscale(gradients, scale);
        if (finite && ++goodSteps == GROWTH_INTERVAL) {
            scale *= 2;
            goodSteps = 0;
        } else if (!finite) {
            LOG.debug(
                    "float16 gradients overflowed; the step contributes no gradient and the loss scale drops to {}",
                    scale / 2);
            scale /= 2;
            goodSteps = 0;
        }
        return finite;
    }

    /**
     * Unscales {@code gradients} in place, or zeroes them all when one is not finite; returns whether all were. Call
     * inside an {@link NDScope}.
     */
    static boolean unscale(List<NDArray> gradients, float scale) {
        boolean[] finite = {true};
        NoGrad.run(() -> {
            for (NDArray gradient : gradients) {
                finite[0] &= Float.isFinite(
                        gradient.toType(DataType.FLOAT32, false).sum().getFloat());
            }
            for (NDArray gradient : gradients) {
                if (finite[0]) {
                    gradient.divi(scale);
                } else {
                    // inf - inf is NaN: replace what is not finite first, then zero the rest
                    gradient.set(new NDIndex("{}", gradient.isNaN().logicalOr(gradient.isInfinite())), 0);
                    gradient.subi(gradient);
                }
            }
        });
        return finite[0];
    }
}
