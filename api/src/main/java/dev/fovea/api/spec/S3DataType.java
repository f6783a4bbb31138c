package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a channel's location holds, SageMaker's {@code S3DataType}: the files themselves (under an S3 prefix or in a
 * volume folder), or an augmented manifest (SageMaker Ground Truth's JSON Lines) that names each image and its label.
 * SageMaker's {@code ManifestFile} (a JSON list of keys) is not supported.
 */
public enum S3DataType implements SageMakerValue {
    @JsonProperty("S3Prefix")
    S3_PREFIX,
    @JsonProperty("AugmentedManifestFile")
    AUGMENTED_MANIFEST_FILE
}
