package dev.fovea.api.spec;

/**
 * The cross-field hyperparameter rules as CEL, for the CRD's {@code x-kubernetes-validations}, so that the API server
 * rejects them at {@code kubectl apply}. The Java twins (with messages that quote the values) live in
 * {@code dev.fovea.api.hyperparameters.HyperParameterRules}; a test evaluates both against the same manifests.
 */
final class HyperParameterRulesCel {

    static final String CHECKPOINT_FREQUENCY_RULE = "!has(self.checkpointFrequency) || self.checkpointFrequency <= "
            + "(has(self.epochs) ? self.epochs : " + HyperParameters.DEFAULT_EPOCHS + ")";
    static final String CHECKPOINT_FREQUENCY_MESSAGE = "checkpointFrequency must be a positive integer no greater than "
            + "epochs (default " + HyperParameters.DEFAULT_EPOCHS + ")";

    static final String PRETRAINED_RULE = "!has(self.usePretrainedModel) || self.usePretrainedModel == 0 "
            + "|| !has(self.numLayers) || self.numLayers in [" + HyperParameters.IMAGENET_NUM_LAYERS + "]";
    static final String PRETRAINED_MESSAGE = "usePretrainedModel 1 needs numLayers in "
            + HyperParameters.IMAGENET_NUM_LAYERS + ": pretrained weights exist only for the ImageNet networks";

    /** A whole-string match of "c,h,w" with each side at most {@link HyperParameters#MAX_IMAGE_SIDE}. */
    static final String IMAGE_SHAPE_BOUND_RULE = "!has(self.imageShape) || !self.imageShape.matches('"
            + "^[ \\t]*[0-9]+[ \\t]*,[ \\t]*[0-9]+[ \\t]*,[ \\t]*[0-9]+[ \\t]*$') || self.imageShape.matches('"
            + "^[ \\t]*[13][ \\t]*,[ \\t]*" + HyperParameters.IMAGE_SIDE_REGEX + "[ \\t]*,[ \\t]*"
            + HyperParameters.IMAGE_SIDE_REGEX + "[ \\t]*$')";

    static final String IMAGE_SHAPE_BOUND_MESSAGE =
            "imageShape height and width must each be at most " + HyperParameters.MAX_IMAGE_SIDE + " pixels";

    static final String WEIGHTED_LOSS_RULE = "!has(self.useWeightedLoss) || self.useWeightedLoss == 0 "
            + "|| (has(self.multiLabel) && self.multiLabel == 1)";
    static final String WEIGHTED_LOSS_MESSAGE =
            "useWeightedLoss 1 needs multiLabel 1: SageMaker weights the " + "loss of multi-label classification only";

    private HyperParameterRulesCel() {}
}
