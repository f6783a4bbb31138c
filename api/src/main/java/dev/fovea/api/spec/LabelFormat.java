package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How an augmented manifest writes a multi-label image's labels, SageMaker's {@code label-format} content-type
 * parameter: a 0/1 vector of {@code num_classes} entries, or the list of the class ids that apply (what Ground Truth
 * writes).
 */
public enum LabelFormat implements SageMakerValue {
    @JsonProperty("multi-hot")
    MULTI_HOT,
    @JsonProperty("class-id")
    CLASS_ID;

    /** The content-type parameter that carries it, as in {@code application/x-image; label-format=class-id}. */
    public static final String PARAMETER = "label-format";
}
