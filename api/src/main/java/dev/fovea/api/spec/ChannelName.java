package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The data channels SageMaker's Image Classification algorithm reads from {@code /opt/ml/input/data/<channel>}. */
public enum ChannelName implements SageMakerValue {
    @JsonProperty("train")
    TRAIN,
    @JsonProperty("validation")
    VALIDATION,
    @JsonProperty("train_lst")
    TRAIN_LST,
    @JsonProperty("validation_lst")
    VALIDATION_LST,
    @JsonProperty("model")
    MODEL
}
