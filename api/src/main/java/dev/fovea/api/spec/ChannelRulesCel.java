package dev.fovea.api.spec;

/**
 * The channel rules as CEL for the CRD's {@code x-kubernetes-validations}. Their Java twins, with messages that quote
 * the values, are in {@code dev.fovea.api.validation.ChannelRules}.
 */
final class ChannelRulesCel {

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
    static final String PRETRAINED_NEEDS_MODEL_MESSAGE =
            "usePretrainedModel 1 needs a model channel holding the pretrained weights";

    static final String CONTENT_TYPE_RULE = "self.channelName == 'model' "
            + "? self.contentType == 'application/x-sagemaker-model' "
            + ": (self.channelName in ['train_lst', 'validation_lst'] "
            + "? self.contentType == 'application/x-image' "
            + ": self.contentType != 'application/x-sagemaker-model')";
    static final String CONTENT_TYPE_MESSAGE = "contentType must be application/x-sagemaker-model for the model "
            + "channel, application/x-image for train_lst and validation_lst, and application/x-recordio or "
            + "application/x-image for train and validation";

    private ChannelRulesCel() {}
}
