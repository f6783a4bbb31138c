package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Where data lives: exactly one of a PersistentVolumeClaim directory or an S3 prefix. Shared by the input channels,
 * the output and the checkpoints; each subclass carries the CEL rule {@link #EXACTLY_ONE_SOURCE_RULE}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class DataSource {

    static final String EXACTLY_ONE_SOURCE_RULE = "has(self.persistentVolumeClaim) != has(self.s3)";
    static final String EXACTLY_ONE_SOURCE_MESSAGE = "set exactly one of persistentVolumeClaim or s3";

    @JsonPropertyDescription("A directory on a PersistentVolumeClaim. Exactly one of persistentVolumeClaim or s3.")
    private PersistentVolumeClaimSource persistentVolumeClaim;

    @JsonPropertyDescription(
            "An S3 prefix and the Secret with its credentials. Exactly one of persistentVolumeClaim " + "or s3.")
    private S3Source s3;

    public PersistentVolumeClaimSource getPersistentVolumeClaim() {
        return persistentVolumeClaim;
    }

    public void setPersistentVolumeClaim(PersistentVolumeClaimSource persistentVolumeClaim) {
        this.persistentVolumeClaim = persistentVolumeClaim;
    }

    public S3Source getS3() {
        return s3;
    }

    public void setS3(S3Source s3) {
        this.s3 = s3;
    }

    /** How many of the sources are set: exactly one is valid. */
    @JsonIgnore
    public int sourceCount() {
        return (persistentVolumeClaim == null ? 0 : 1) + (s3 == null ? 0 : 1);
    }
}
