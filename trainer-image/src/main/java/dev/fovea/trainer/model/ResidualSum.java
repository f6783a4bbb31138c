package dev.fovea.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A residual unit's sum {@code F(x) + shortcut(x)}. With PyTorch's autograd off on the thread (inference: {@code
 * Predictor} forwards under {@code NoGrad}) the shortcut is added into the residual's own storage: the residual is
 * the fresh output of the unit's last convolution or norm and nothing else reads it, and the sum, as large as the
 * unit's output, needs no new array. With autograd on (training) it is a new array, as a recorded graph may need.
 */
final class ResidualSum {

    private ResidualSum() {}

    /** {@code residual + shortcut}; {@code residual} must be an array no other operator reads afterwards. */
    static NDArray of(NDArray residual, NDArray shortcut) {
        return JniUtils.isGradMode() ? residual.add(shortcut) : residual.addi(shortcut);
    }
}
