package dev.fovea.trainer.pretrained;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor of a PyTorch archive as its pickle describes it ({@code torch._utils._rebuild_tensor_v2}): a view of
 * {@code shape} and {@code stride} (in elements) starting at {@code offset} into the storage {@code data/<storageKey>}.
 */
record TorchTensor(StorageType type, String storageKey, long offset, long[] shape, long[] stride) {

    Shape djlShape() {
        return new Shape(shape);
    }

    long size() {
        long size = 1;
        for (long dimension : shape) {
            size *= dimension;
        }
        return size;
    }
}
