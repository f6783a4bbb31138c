package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * One SageMaker input channel: its name, its content type, where its files are, and, for an augmented manifest, which
 * attributes name the image and its label.
 */
@ValidationRule(value = DataSource.EXACTLY_ONE_SOURCE_RULE, message = DataSource.EXACTLY_ONE_SOURCE_MESSAGE)
@ValidationRule(value = ChannelRulesCel.CONTENT_TYPE_RULE, message = ChannelRulesCel.CONTENT_TYPE_MESSAGE)
@ValidationRule(value = ChannelRulesCel.MANIFEST_CHANNEL_RULE, message = ChannelRulesCel.MANIFEST_CHANNEL_MESSAGE)
@ValidationRule(value = ChannelRulesCel.ATTRIBUTE_NAMES_RULE, message = ChannelRulesCel.ATTRIBUTE_NAMES_MESSAGE)
@ValidationRule(value = ChannelRulesCel.LABEL_FORMAT_RULE, message = ChannelRulesCel.LABEL_FORMAT_MESSAGE)
@ValidationRule(value = ChannelRulesCel.SHARDED_RULE, message = ChannelRulesCel.SHARDED_MESSAGE)
public class InputChannel extends DataSource {

    /** A bound on the enum strings, so that the API server can estimate the cost of the CEL rules that read them. */
    static final int MAX_ENUM_LENGTH = 32;

    @JsonPropertyDescription("The channel: train, validation, train_lst, validation_lst (.lst files for "
            + "application/x-image) or model (weights for incremental training or usePretrainedModel).")
    @Required
    @Size(max = MAX_ENUM_LENGTH)
    private ChannelName channelName;

    @JsonPropertyDescription("application/x-recordio (RecordIO image records), application/x-image, image/jpeg or "
            + "image/png (JPEG/PNG files listed in the _lst channels, or named by an augmented manifest) or "
            + "application/x-sagemaker-model (the model channel).")
    @Required
    @Size(max = MAX_ENUM_LENGTH)
    private ContentType contentType;

    @JsonPropertyDescription("SageMaker's S3DataType: S3Prefix (the channel's files) or AugmentedManifestFile (a "
            + "SageMaker Ground Truth JSON Lines manifest naming each image and its label; train and validation "
            + "only), for S3 and persistentVolumeClaim sources alike. Default: S3Prefix.")
    @Size(max = MAX_ENUM_LENGTH)
    private S3DataType dataType;

    @JsonPropertyDescription("SageMaker's AttributeNames of an AugmentedManifestFile channel: the attribute holding "
            + "each image's location (e.g. source-ref), then the one holding its label (e.g. class). Required with "
            + "AugmentedManifestFile, not allowed otherwise.")
    @Size(min = 2, max = 2)
    private List<String> attributeNames;

    @JsonPropertyDescription("How an AugmentedManifestFile channel writes multi-label labels, SageMaker's "
            + "label-format content-type parameter: multi-hot (0/1 vectors of numClasses entries) or class-id (lists "
            + "of class ids, as Ground Truth writes them). Only with AugmentedManifestFile. Default: multi-hot.")
    @Size(max = MAX_ENUM_LENGTH)
    private LabelFormat labelFormat;

    public InputChannel() {}

    public InputChannel(ChannelName channelName, ContentType contentType) {
        this.channelName = channelName;
        this.contentType = contentType;
    }

    public ChannelName getChannelName() {
        return channelName;
    }

    public void setChannelName(ChannelName channelName) {
        this.channelName = channelName;
    }

    public ContentType getContentType() {
        return contentType;
    }

    public void setContentType(ContentType contentType) {
        this.contentType = contentType;
    }

    public S3DataType getDataType() {
        return dataType;
    }

    public void setDataType(S3DataType dataType) {
        this.dataType = dataType;
    }

    public List<String> getAttributeNames() {
        return attributeNames;
    }

    public void setAttributeNames(List<String> attributeNames) {
        this.attributeNames = attributeNames;
    }

    public LabelFormat getLabelFormat() {
        return labelFormat;
    }

    public void setLabelFormat(LabelFormat labelFormat) {
        this.labelFormat = labelFormat;
    }

    /** Whether the channel is an augmented manifest rather than the files themselves. */
    @JsonIgnore
    public boolean augmentedManifest() {
        return dataType == S3DataType.AUGMENTED_MANIFEST_FILE;
    }
}
