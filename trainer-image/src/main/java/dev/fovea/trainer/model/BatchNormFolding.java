package dev.fovea.trainer.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares a trained network for inference by folding each BatchNorm that directly follows a convolution into that
 * convolution ({@link FoldedConvolution}). In the torchvision-style network every norm follows a convolution; in
 * SageMaker's pre-activation network the stem's {@code bn0} and, inside each residual unit, {@code bn2} (and
 * {@code bn3}) do, while {@code bn_data}, each unit's {@code bn1} and the final {@code bn1} act on an input or a
 * residual sum and stay.
 *
 * <p>Inference only: the folded parameters are freed (the forward pass no longer reads them), so the network must
 * not be trained or saved after folding. Run it with autograd off (the folded arrays are computed from trained
 * parameters).
 */
public final class BatchNormFolding {

    private BatchNormFolding() {}

    /** Folds in place; returns how many norms were folded. */
    public static int fold(Block network) {
        if (network instanceof SageMakerResNet sageMaker) {
            return sageMaker.foldBatchNorms();
        }
        int folded = network instanceof SequentialBlock sequence ? foldPairs(sequence) : 0;
        for (Block child : network.getChildren().values()) {
            folded += fold(child);
        }
        return folded;
    }

    private static int foldPairs(SequentialBlock sequence) {
        List<Block> children = new ArrayList<>(sequence.getChildren().values());
        List<Block> folded = new ArrayList<>(children.size());
        for (int i = 0; i < children.size(); i++) {
            if (i + 1 < children.size()
                    && children.get(i) instanceof Conv2d convolution
                    && children.get(i + 1) instanceof BatchNorm norm) {
                folded.add(FoldedConvolution.of(convolution, norm));
                i++;
            } else {
                folded.add(children.get(i));
            }
        }
        int count = children.size() - folded.size();
        if (count > 0) {
            children.forEach(child -> sequence.removeLastBlock());
            sequence.addAll(folded);
        }
        return count;
    }
}
