package dev.fovea.api.spec;

/**
 * The spec-level rules (channels, and hyperparameters against resources) as CEL for the CRD's
 * {@code x-kubernetes-validations}. Their Java twins, with messages that quote the values, are in
 * {@code dev.fovea.api.validation.ChannelRules} and {@code ResourceRules}.
 */
public final class ChannelRulesCel {

    static final String UNIQUE_CHANNELS_RULE =
            "self.inputDataConfig.all(c, self.inputDataConfig.exists_one(d, d.channelName == c.channelName))";
    static final String UNIQUE_CHANNELS_MESSAGE = "each channelName may appear only once in inputDataConfig";

    static final String TRAIN_REQUIRED_RULE = "self.inputDataConfig.exists(c, c.channelName == 'train')";
    static final String TRAIN_REQUIRED_MESSAGE = "inputDataConfig needs a train channel";

    static final String TRAIN_LST_RULE = "!self.inputDataConfig.exists(c, c.channelName == 'train' "
            + "&& c.contentType == 'application/x-image') "
            + "|| self.inputDataConfig.exists(c, c.channelName == 'train_lst')";
    static final String TRAIN_LST_MESSAGE = "a train channel of application/x-image needs a train_lst channel";

    static final String VALIDATION_LST_RULE = "!self.inputDataConfig.exists(c, c.channelName == 'validation' "
            + "&& c.contentType == 'application/x-image') "
            + "|| self.inputDataConfig.exists(c, c.channelName == 'validation_lst')";
    static final String VALIDATION_LST_MESSAGE =
            "a validation channel of application/x-image needs a validation_lst channel";

    static final String PRETRAINED_NEEDS_MODEL_RULE = "!has(self.hyperParameters.usePretrainedModel) "
            + "|| self.hyperParameters.usePretrainedModel == 0 "
            + "|| self.inputDataConfig.exists(c, c.channelName == 'model')";
    /** Also the message of the same rule in {@code ResourceRules}, for kubectl-free validation. */
    public static final String PRETRAINED_NEEDS_MODEL_MESSAGE =
            "usePretrainedModel 1 needs a model channel holding the pretrained weights: an earlier model, or the "
                    + "ImageNet weights for numLayers from the cluster's pretrained catalogue, the folder "
                    + "resnet-<numLayers>/ of it (see docs/pretrained-catalogue.md; fovea import-sagemaker "
                    + "--pretrained-catalogue adds that channel)";

    static final String CONTENT_TYPE_RULE = "self.channelName == 'model' "
            + "? self.contentType == 'application/x-sagemaker-model' "
            + ": (self.channelName in ['train_lst', 'validation_lst'] "
            + "? self.contentType == 'application/x-image' "
            + ": self.contentType != 'application/x-sagemaker-model')";
    static final String CONTENT_TYPE_MESSAGE = "contentType must be application/x-sagemaker-model for the model "
            + "channel, application/x-image for train_lst and validation_lst, and application/x-recordio or "
            + "application/x-image for train and validation";

    static final String BATCH_PER_HOST_RULE = "!has(self.resourceConfig) || !has(self.resourceConfig.instanceCount) "
            + "|| (has(self.hyperParameters.miniBatchSize) ? self.hyperParameters.miniBatchSize : "
            + HyperParameters.DEFAULT_MINI_BATCH_SIZE + ") >= self.resourceConfig.instanceCount";
    static final String BATCH_PER_HOST_MESSAGE = "miniBatchSize (default " + HyperParameters.DEFAULT_MINI_BATCH_SIZE
            + ") must be at least resourceConfig.instanceCount: every host needs at least one image per step";

    static final String FLOAT16_NEEDS_GPUS_RULE = "!has(self.hyperParameters.precisionDtype) "
            + "|| self.hyperParameters.precisionDtype != 'float16' "
            + "|| (has(self.resourceConfig) && has(self.resourceConfig.gpusPerHost) "
            + "&& self.resourceConfig.gpusPerHost > 0)";
    static final String FLOAT16_NEEDS_GPUS_MESSAGE =
            "precisionDtype float16 needs GPUs: set resourceConfig.gpusPerHost >= 1 or use float32";

    private ChannelRulesCel() {}
}
