package dev.fovea.api.spec;

/**
 * The spec-level rules (channels, and hyperparameters against resources and channels) as CEL for the CRD's
 * {@code x-kubernetes-validations}. Their Java twins, with messages that quote the values, are in
 * {@code dev.fovea.api.validation.ChannelRules} and {@code ResourceRules}.
 */
public final class ChannelRulesCel {

    /** The content types of image files, as a CEL list. */
    private static final String IMAGE_TYPES = "['application/x-image', 'image/jpeg', 'image/png']";

    private static final String AUGMENTED_MANIFEST = "(has(c.dataType) && c.dataType == 'AugmentedManifestFile')";

    static final String UNIQUE_CHANNELS_RULE =
            "self.inputDataConfig.all(c, self.inputDataConfig.exists_one(d, d.channelName == c.channelName))";
    static final String UNIQUE_CHANNELS_MESSAGE = "each channelName may appear only once in inputDataConfig";

    static final String TRAIN_REQUIRED_RULE = "self.inputDataConfig.exists(c, c.channelName == 'train')";
    static final String TRAIN_REQUIRED_MESSAGE = "inputDataConfig needs a train channel";

    static final String TRAIN_LST_RULE = "!self.inputDataConfig.exists(c, c.channelName == 'train' "
            + "&& c.contentType in " + IMAGE_TYPES + " && !" + AUGMENTED_MANIFEST + ") "
            + "|| self.inputDataConfig.exists(c, c.channelName == 'train_lst')";
    static final String TRAIN_LST_MESSAGE =
            "a train channel of image files (not an augmented manifest) needs a train_lst channel";

    static final String VALIDATION_LST_RULE = "!self.inputDataConfig.exists(c, c.channelName == 'validation' "
            + "&& c.contentType in " + IMAGE_TYPES + " && !" + AUGMENTED_MANIFEST + ") "
            + "|| self.inputDataConfig.exists(c, c.channelName == 'validation_lst')";
    static final String VALIDATION_LST_MESSAGE =
            "a validation channel of image files (not an augmented manifest) needs a validation_lst channel";

    static final String EARLY_STOPPING_NEEDS_VALIDATION_RULE = "!has(self.hyperParameters.earlyStopping) "
            + "|| !self.hyperParameters.earlyStopping "
            + "|| self.inputDataConfig.exists(c, c.channelName == 'validation')";
    static final String EARLY_STOPPING_NEEDS_VALIDATION_MESSAGE =
            "earlyStopping true needs a validation channel: " + "early stopping watches the validation accuracy";

    static final String CONTENT_TYPE_RULE = "self.channelName == 'model' "
            + "? self.contentType == 'application/x-sagemaker-model' "
            + ": (self.channelName in ['train_lst', 'validation_lst'] "
            + "? self.contentType in " + IMAGE_TYPES + " "
            + ": self.contentType != 'application/x-sagemaker-model')";
    static final String CONTENT_TYPE_MESSAGE = "contentType must be application/x-sagemaker-model for the model "
            + "channel, application/x-image, image/jpeg or image/png for train_lst and validation_lst, and "
            + "application/x-recordio or one of those image types for train and validation";

    static final String MANIFEST_CHANNEL_RULE =
            "!has(self.dataType) || self.dataType == 'S3Prefix' " + "|| self.channelName in ['train', 'validation']";
    static final String MANIFEST_CHANNEL_MESSAGE =
            "dataType AugmentedManifestFile is only for the train and validation channels";

    static final String ATTRIBUTE_NAMES_RULE = "has(self.dataType) && self.dataType == 'AugmentedManifestFile' "
            + "? has(self.attributeNames) : !has(self.attributeNames)";
    static final String ATTRIBUTE_NAMES_MESSAGE = "attributeNames (the image attribute, then the label attribute) "
            + "are required with dataType AugmentedManifestFile and not allowed otherwise";

    static final String LABEL_FORMAT_RULE =
            "!has(self.labelFormat) || (has(self.dataType) && self.dataType == 'AugmentedManifestFile')";
    static final String LABEL_FORMAT_MESSAGE = "labelFormat is only for channels of dataType AugmentedManifestFile";

    static final String SHARDED_RULE = "!has(self.s3) || !has(self.s3.distributionType) "
            + "|| self.s3.distributionType == 'FullyReplicated' || (self.channelName == 'train' "
            + "&& (self.contentType == 'application/x-recordio' "
            + "|| (has(self.dataType) && self.dataType == 'AugmentedManifestFile')))";
    static final String SHARDED_MESSAGE = "s3.distributionType ShardedByS3Key is only for the train channel of "
            + "application/x-recordio or of dataType AugmentedManifestFile";

    static final String BATCH_OVER_GPUS_RULE = "!has(self.resourceConfig) || !has(self.resourceConfig.gpusPerHost) "
            + "|| self.resourceConfig.gpusPerHost == 0 "
            + "|| (has(self.hyperParameters.miniBatchSize) ? self.hyperParameters.miniBatchSize : "
            + HyperParameters.DEFAULT_MINI_BATCH_SIZE + ") % self.resourceConfig.gpusPerHost == 0";
    static final String BATCH_OVER_GPUS_MESSAGE = "miniBatchSize (default " + HyperParameters.DEFAULT_MINI_BATCH_SIZE
            + ") must divide evenly over resourceConfig.gpusPerHost: each GPU trains an equal share of a host's "
            + "batch";

    static final String FLOAT16_NEEDS_GPUS_RULE = "!has(self.hyperParameters.precisionDtype) "
            + "|| self.hyperParameters.precisionDtype != 'float16' "
            + "|| (has(self.resourceConfig) && has(self.resourceConfig.gpusPerHost) "
            + "&& self.resourceConfig.gpusPerHost > 0)";
    static final String FLOAT16_NEEDS_GPUS_MESSAGE =
            "precisionDtype float16 needs GPUs: set resourceConfig.gpusPerHost >= 1 or use float32";

    static final String INPUT_ONLY_DISTRIBUTION_RULE = "!has(self.s3) || !has(self.s3.distributionType)";
    static final String INPUT_ONLY_DISTRIBUTION_MESSAGE = "s3.distributionType is only for input channels";

    private ChannelRulesCel() {}
}
