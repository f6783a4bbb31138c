package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One SageMaker input channel: its name, its content type and where its files are. */
@ValidationRule(value = DataSource.EXACTLY_ONE_SOURCE_RULE, message = DataSource.EXACTLY_ONE_SOURCE_MESSAGE)
@ValidationRule(value = ChannelRulesCel.CONTENT_TYPE_RULE, message = ChannelRulesCel.CONTENT_TYPE_MESSAGE)
public class InputChannel extends DataSource {

    /** A bound on the enum strings, so that the API server can estimate the cost of the CEL rules that read them. */
    static final int MAX_ENUM_LENGTH = 32;

    @JsonPropertyDescription("The channel: train, validation, train_lst, validation_lst (.lst files for "
            + "application/x-image) or model (weights for incremental training or usePretrainedModel).")
    @Required
    @Size(max = MAX_ENUM_LENGTH)
    private ChannelName channelName;

    @JsonPropertyDescription("application/x-recordio (RecordIO image records), application/x-image (JPEG/PNG files "
            + "listed in the _lst channels) or application/x-sagemaker-model (the model channel).")
    @Required
    @Size(max = MAX_ENUM_LENGTH)
    private ContentType contentType;

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
}
