package dev.fovea.trainer.pretrained;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.model.ResNetLayout;
import dev.fovea.trainer.model.ResNets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stage plan a PyTorch ResNet's tensor names reveal ({@code layerK.N.*}: K stages of N units; {@code conv3} in
 * bottleneck units), so that a file of another depth fails with the depth it holds rather than a missing tensor.
 *
 * @param unitsPerStage the number of units in each stage, in order
 * @param bottleneck whether the units are bottlenecks
 */
record TorchResNetPlan(List<Integer> unitsPerStage, boolean bottleneck) {

    private static final String IMAGENET_DEPTHS = "resnet18, 34, 50, 101, 152 or ResNet-200";
    private static final Pattern UNIT = Pattern.compile("^layer(\\d+)\\.(\\d+)\\.");

    /** The plan of the ResNet whose state-dict names are {@code names}. */
    static TorchResNetPlan of(Collection<String> names) {
        TreeMap<Integer, TreeSet<Integer>> units = new TreeMap<>();
        for (String name : names) {
            Matcher unit = UNIT.matcher(name);
            if (unit.find()) {
                units.computeIfAbsent(Integer.parseInt(unit.group(1)), stage -> new TreeSet<>())
                        .add(Integer.parseInt(unit.group(2)));
            }
        }
        List<Integer> unitsPerStage = new ArrayList<>();
        units.values().forEach(stage -> unitsPerStage.add(stage.size()));
        return new TorchResNetPlan(unitsPerStage, names.contains("layer1.0.conv3.weight"));
    }

    /** The depth the paper would name this plan by: 2 (stem, classifier) plus 2 or 3 layers per unit. */
    int depth() {
        return 2 + unitsPerStage.stream().mapToInt(Integer::intValue).sum() * (bottleneck ? 3 : 2);
    }

    /**
     * Checks that the file holds the ResNet {@code numLayers} asks for.
     *
     * @throws ClientError naming the depth the file holds and what to set
     */
    void require(ResNetLayout layout, String file) {
        if (unitsPerStage.isEmpty()) {
            throw new ClientError("The model channel's " + file + " holds no ResNet with torchvision's names"
                    + " (conv1.weight, bn1.*, layer1.0.conv1.weight, ...), so its weights cannot be mapped onto"
                    + " Fovea's ResNet-" + layout.depth());
        }
        if (unitsPerStage.equals(layout.unitsPerStage()) && bottleneck == layout.bottleneck()) {
            return;
        }
        throw new ClientError("The model channel's " + file + " holds " + describe() + " but num_layers is "
                + layout.depth() + " (" + units(layout.unitsPerStage(), layout.bottleneck()) + "); " + remedy());
    }

    /** use_pretrained_model=1 takes SageMaker's ImageNet depths only, so only those are worth suggesting. */
    private String remedy() {
        if (isFoveaDepth() && ResNets.isImageNetDepth(depth())) {
            return "set num_layers to " + depth() + " to start from it";
        }
        return "use a torchvision ResNet of the depth num_layers names (" + IMAGENET_DEPTHS + ")";
    }

    private boolean isFoveaDepth() {
        if (!ResNetLayout.SUPPORTED_DEPTHS.contains(depth())) {
            return false;
        }
        ResNetLayout layout = ResNetLayout.of(depth());
        return layout.unitsPerStage().equals(unitsPerStage) && layout.bottleneck() == bottleneck;
    }

    private String describe() {
        return (isFoveaDepth() ? "a ResNet-" + depth() : "a network that is none of Fovea's ResNet depths") + " ("
                + units(unitsPerStage, bottleneck) + ")";
    }

    private static String units(List<Integer> unitsPerStage, boolean bottleneck) {
        return unitsPerStage.size() + " stages of " + unitsPerStage + (bottleneck ? " bottleneck" : " basic")
                + " units";
    }
}
