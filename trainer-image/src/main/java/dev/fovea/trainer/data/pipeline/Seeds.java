package dev.fovea.trainer.data.pipeline;

/** Derives independent 64-bit seeds from several integers with SplitMix64's finaliser, the same on every host. */
final class Seeds {

    private Seeds() {}

    static long mix(long... parts) {
        long state = 0x5DEECE66DL;
        for (long part : parts) {
            state = finalise(state + 0x9E3779B97F4A7C15L + part);
        }
        return state;
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
