package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The content type of a channel, as SageMaker spells it in {@code inputdataconfig.json}. */
public enum ContentType implements SageMakerValue {
    @JsonProperty("application/x-recordio")
    RECORDIO,
    @JsonProperty("application/x-image")
    IMAGE,
    @JsonProperty("application/x-sagemaker-model")
    SAGEMAKER_MODEL
}
