package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How gradients are combined across hosts (SageMaker's {@code kv_store}): synchronously after every batch, or
 * asynchronously.
 */
public enum KvStore implements SageMakerValue {
    @JsonProperty("dist_sync")
    DIST_SYNC,
    @JsonProperty("dist_async")
    DIST_ASYNC
}
