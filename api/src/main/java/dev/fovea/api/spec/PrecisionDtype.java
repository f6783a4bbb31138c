package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The floating-point precision of the weights during training (SageMaker's {@code precision_dtype}). */
public enum PrecisionDtype implements SageMakerValue {
    @JsonProperty("float32")
    FLOAT32,
    @JsonProperty("float16")
    FLOAT16
}
