package dev.fovea.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.S3Source;

/**
 * The model an endpoint serves, as the operator resolved it: enough to serve it again without its source, so an
 * endpoint whose job was deleted (e.g. by its ttlSecondsAfterFinished) keeps taking spec changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServedModel {

    @JsonPropertyDescription("The ImageClassificationJob that trained it, when the model comes from a job.")
    private String jobName;

    @JsonPropertyDescription("Where the model is read from: an s3:// URI or pvc://<claim>/<path>.")
    private String uri;

    @JsonPropertyDescription("The job's validation accuracy (its status.validationAccuracy), when from a job.")
    private Double validationAccuracy;

    @JsonPropertyDescription("Digest of the model's location and, for a job, the job's uid and completion time: the "
            + "serving pods' fovea.dev/model annotation; another model has another digest and rolls the pods.")
    private String digest;

    @JsonPropertyDescription("Where the serving pods fetch the model from, when it is in S3: the object or prefix and "
            + "the Secret, endpoint and region to read it with.")
    private S3Source s3;

    @JsonPropertyDescription(
            "The claim and directory mounted read-only as the model, when it is on a " + "PersistentVolumeClaim.")
    private PersistentVolumeClaimSource persistentVolumeClaim;

    public ServedModel() {}

    public ServedModel(String jobName, String uri, Double validationAccuracy) {
        this.jobName = jobName;
        this.uri = uri;
        this.validationAccuracy = validationAccuracy;
    }

    public String getJobName() {
        return jobName;
    }

    public void setJobName(String jobName) {
        this.jobName = jobName;
    }

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public Double getValidationAccuracy() {
        return validationAccuracy;
    }

    public void setValidationAccuracy(Double validationAccuracy) {
        this.validationAccuracy = validationAccuracy;
    }

    public String getDigest() {
        return digest;
    }

    public void setDigest(String digest) {
        this.digest = digest;
    }

    public S3Source getS3() {
        return s3;
    }

    public void setS3(S3Source s3) {
        this.s3 = s3;
    }

    public PersistentVolumeClaimSource getPersistentVolumeClaim() {
        return persistentVolumeClaim;
    }

    public void setPersistentVolumeClaim(PersistentVolumeClaimSource persistentVolumeClaim) {
        this.persistentVolumeClaim = persistentVolumeClaim;
    }
}
