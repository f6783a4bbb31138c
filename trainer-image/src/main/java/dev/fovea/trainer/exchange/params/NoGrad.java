package dev.fovea.trainer.exchange.params;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs tensor writes with PyTorch's autograd off on the current thread. Grad mode is per thread and on by default
 * in threads DJL did not set up (gRPC's, a test's), where an in-place write into a parameter fails with "a leaf
 * Variable that requires grad is being used in an in-place operation" and copies would record a graph.
 */
public final class NoGrad {

    private NoGrad() {}

    public static <T> T call(Supplier<T> work) {
        boolean wasOn = JniUtils.isGradMode();
        if (wasOn) {
            JniUtils.setGradMode(false);
        }
        try {
            return work.get();
        } finally {
            if (wasOn) {
                JniUtils.setGradMode(true);
            }
        }
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
