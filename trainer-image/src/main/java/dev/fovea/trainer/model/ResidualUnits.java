package dev.fovea.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;

/**
 * The building blocks of the paper's (post-activation, "v1") residual units: {@code relu(F(x) +
 * shortcut(x))} where F ends in batch norm.
 */
final class ResidualUnits {

    /** MXNet's resnet.py batch-norm momentum; the epsilon is {@link ResNets#BATCH_NORM_EPSILON}. */
    private static final float BN_MOMENTUM = 0.9f;

    private ResidualUnits() {}

    /** Two 3x3 convolutions (figure 5, left). */
    static Block basic(int channels, int stride, Block shortcut) {
        SequentialBlock residual = new SequentialBlock()
                .add(conv(channels, 3, stride))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(conv(channels, 3, 1))
                .add(batchNorm());
        return addAndRelu(residual, shortcut);
    }

    /**
     * 1x1 reduce, 3x3, 1x1 expand to four times {@code width} (figure 5, right). The stride sits on
     * the 3x3 convolution, as in MXNet's resnet.py and torchvision ("ResNet v1.5"); parameter
     * counts do not depend on where it sits.
     */
    static Block bottleneck(int width, int stride, Block shortcut) {
        SequentialBlock residual = new SequentialBlock()
                .add(conv(width, 1, 1))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(conv(width, 3, stride))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(conv(4 * width, 1, 1))
                .add(batchNorm());
        return addAndRelu(residual, shortcut);
    }

    /** The paper's option B shortcut where the shape changes: a strided 1x1 convolution + BN. */
    static Block projection(int channels, int stride) {
        return new SequentialBlock().add(conv(channels, 1, stride)).add(batchNorm());
    }

    /**
     * The paper's option A shortcut used for CIFAR: subsample by 2 and append zero channels, so
     * the shortcut adds no parameters (that is why ResNet-20 has 0.27M).
     */
    static Block zeroPaddedSubsample() {
        return LambdaBlock.singleton(
                x -> {
                    NDArray subsampled = x.get(":, :, ::2, ::2");
                    return subsampled.concat(subsampled.zerosLike(), 1);
                },
                "zeroPaddedShortcut");
    }

    static Block identity() {
        return Blocks.identityBlock();
    }

    /** A convolution without bias, padded by half its kernel (as both networks' convolutions are). */
    static Conv2d conv(int filters, int kernel, int stride) {
        int padding = kernel / 2;
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(false)
                .build();
    }

    static Block batchNorm() {
        return new BatchNorm(ResNets.BATCH_NORM_EPSILON, BN_MOMENTUM);
    }

    private static Block addAndRelu(Block residual, Block shortcut) {
        return new ParallelBlock(
                (List<NDList> branches) -> new NDList(ResidualSum.of(
                                branches.get(0).singletonOrThrow(),
                                branches.get(1).singletonOrThrow())
                        .getNDArrayInternal()
                        .relu()),
                List.of(residual, shortcut));
    }
}
