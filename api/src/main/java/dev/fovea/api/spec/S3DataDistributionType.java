package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SageMaker's {@code S3DataDistributionType}: every host gets the whole channel, or each of n hosts gets about 1/n of
 * its S3 objects (of an augmented manifest: of its lines) and trains on those only.
 */
public enum S3DataDistributionType implements SageMakerValue {
    @JsonProperty("FullyReplicated")
    FULLY_REPLICATED,
    @JsonProperty("ShardedByS3Key")
    SHARDED_BY_S3_KEY
}
