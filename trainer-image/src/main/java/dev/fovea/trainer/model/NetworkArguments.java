package dev.fovea.trainer.model;

import ai.djl.ndarray.types.Shape;

/** The checks every network builder makes on its arguments, with messages that name the field and what is allowed. */
final class NetworkArguments {

    private NetworkArguments() {}

    static void check(int numClasses, Shape imageShape) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses=" + numClasses + " must be a positive integer");
        }
        boolean positive = imageShape.stream().allMatch(pair -> pair.getKey() > 0);
        if (imageShape.dimension() != 3 || !positive) {
            throw new IllegalArgumentException(
                    "imageShape=" + imageShape + " must be three positive sizes (channels, height, width)");
        }
    }
}
