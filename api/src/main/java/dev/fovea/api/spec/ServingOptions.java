package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.fovea.api.contract.ServingLimits;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The options of the image's {@code serve} command an endpoint may set; each is passed as the variable
 * {@code serve} reads ({@code ContainerEnvironment.SERVE_*}), and unset ones keep serve's defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServingOptions {

    @JsonPropertyDescription(
            "Most images per forward pass (serve's --max-batch-size). Default: serve's, picked from the image size (32 for small images, 4 for 3x224x224).")
    @Min(1)
    @Max(ServingLimits.MAX_BATCH_SIZE)
    private Integer maxBatchSize;

    @JsonPropertyDescription("How long, in milliseconds, the oldest waiting image may wait for others to join its "
            + "batch (serve's --max-batch-delay-ms). Default: serve's, 0.")
    @Min(0)
    @Max(ServingLimits.MAX_BATCH_DELAY_MS)
    private Integer maxBatchDelayMs;

    @JsonPropertyDescription("Largest request body in bytes; larger ones are refused with 413 (serve's "
            + "--max-body-bytes). Default: serve's, 6 MiB.")
    @Min(1)
    @Max(ServingLimits.MAX_BODY_BYTES)
    private Long maxBodyBytes;

    public Integer getMaxBatchSize() {
        return maxBatchSize;
    }

    public void setMaxBatchSize(Integer maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    public Integer getMaxBatchDelayMs() {
        return maxBatchDelayMs;
    }

    public void setMaxBatchDelayMs(Integer maxBatchDelayMs) {
        this.maxBatchDelayMs = maxBatchDelayMs;
    }

    public Long getMaxBodyBytes() {
        return maxBodyBytes;
    }

    public void setMaxBodyBytes(Long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }
}
