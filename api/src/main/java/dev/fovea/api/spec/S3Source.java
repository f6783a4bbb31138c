package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.fovea.api.contract.ContainerEnvironment;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A prefix in an S3 (or S3-compatible) bucket, with the Secret that holds the credentials to read or write it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Source {

    @JsonPropertyDescription("The S3 prefix. Valid values: s3://<bucket>/<prefix>, with a bucket name of 3 to 63 "
            + "lowercase letters, digits, dots and dashes.")
    @Required
    @Pattern("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$")
    private String uri;

    @JsonPropertyDescription("Name of a Secret in the job's namespace holding " + ContainerEnvironment.AWS_ACCESS_KEY_ID
            + " and " + ContainerEnvironment.AWS_SECRET_ACCESS_KEY + " (and optionally "
            + ContainerEnvironment.AWS_SESSION_TOKEN + ").")
    @Required
    private String secretRef;

    @JsonPropertyDescription("Endpoint URL of an S3-compatible store (e.g. MinIO); unset means AWS S3. Valid "
            + "values: an http:// or https:// URL.")
    @Pattern("^https?://.+$")
    private String endpoint;

    @JsonPropertyDescription("AWS region of the bucket, e.g. us-east-1.")
    private String region;

    @JsonPropertyDescription("SageMaker's S3DataDistributionType, for input channels: FullyReplicated (every host "
            + "fetches the whole channel) or ShardedByS3Key (host k of n fetches and trains on every n-th object, "
            + "or every n-th line of an augmented manifest; only for the train channel of RecordIO or an "
            + "augmented manifest). Default: FullyReplicated.")
    @Size(max = InputChannel.MAX_ENUM_LENGTH)
    private S3DataDistributionType distributionType;

    public S3Source() {}

    public S3Source(String uri, String secretRef) {
        this.uri = uri;
        this.secretRef = secretRef;
    }

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public String getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(String secretRef) {
        this.secretRef = secretRef;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public S3DataDistributionType getDistributionType() {
        return distributionType;
    }

    public void setDistributionType(S3DataDistributionType distributionType) {
        this.distributionType = distributionType;
    }

    /** Whether each host fetches only its own share of the objects. */
    @JsonIgnore
    public boolean sharded() {
        return distributionType == S3DataDistributionType.SHARDED_BY_S3_KEY;
    }
}
