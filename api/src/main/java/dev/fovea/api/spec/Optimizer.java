package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The optimizer that updates the weights (SageMaker's {@code optimizer}). */
public enum Optimizer implements SageMakerValue {
    @JsonProperty("sgd")
    SGD,
    @JsonProperty("adam")
    ADAM,
    @JsonProperty("rmsprop")
    RMSPROP,
    @JsonProperty("nag")
    NAG
}
