package dev.fovea.trainer.pretrained;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import dev.fovea.trainer.model.BatchNorm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every parameter of Fovea's ResNet, but the classifier, the name torchvision's {@code resnet18 ... resnet152}
 * state dict uses for the same weight: {@code conv1}, {@code bn1}, then per stage {@code layerK} and unit {@code N}
 * the residual branch's {@code layerK.N.conv1, bn1, conv2, bn2[, conv3, bn3]} and a projection shortcut's
 * {@code layerK.N.downsample.0} (1x1 convolution) and {@code .1} (BatchNorm). The CIFAR family's shortcuts have no
 * parameters, so its names are the same minus {@code downsample}.
 *
 * <p>Walks the block tree {@code ResNets.build} makes: the stem's convolution and BatchNorm, one
 * {@code SequentialBlock} per stage whose children are the units, each a two-branch block (residual, shortcut).
 */
final class TorchVisionNames {

    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    private TorchVisionNames() {}

    /** The torchvision name of each non-classifier parameter of {@code resNet}, in the network's order. */
    static Map<String, Parameter> of(Block resNet) {
        TorchVisionNames names = new TorchVisionNames();
        names.network(resNet);
        return names.byName;
    }

    private void network(Block net) {
        int stage = 0;
        for (Block child : net.getChildren().values()) {
            if (child instanceof Conv2d) {
                layer("conv1", child);
            } else if (child instanceof BatchNorm) {
                layer("bn1", child);
            } else if (child instanceof SequentialBlock units) {
                stage(++stage, units);
            }
        }
    }

    private void stage(int stage, SequentialBlock units) {
        int unit = 0;
        for (Block child : units.getChildren().values()) {
            List<Block> branches = child.getChildren().values();
            String prefix = "layer" + stage + "." + unit++ + ".";
            residual(prefix, branches.get(0));
            int index = 0;
            for (Block shortcutLayer : branches.get(1).getChildren().values()) {
                layer(prefix + "downsample." + index++, shortcutLayer);
            }
        }
    }

    private void residual(String prefix, Block branch) {
        int convolutions = 0;
        int norms = 0;
        for (Block child : branch.getChildren().values()) {
            if (child instanceof Conv2d) {
                layer(prefix + "conv" + ++convolutions, child);
            } else if (child instanceof BatchNorm) {
                layer(prefix + "bn" + ++norms, child);
            }
        }
    }

    private void layer(String name, Block layer) {
        for (var pair : layer.getDirectParameters()) {
            byName.put(name + "." + suffix(pair.getValue()), pair.getValue());
        }
    }

    private static String suffix(Parameter parameter) {
        return switch (parameter.getType()) {
            case WEIGHT, GAMMA -> "weight";
            case BIAS, BETA -> "bias";
            case RUNNING_MEAN -> "running_mean";
            case RUNNING_VAR -> "running_var";
            case OTHER -> parameter.getName();
        };
    }
}
