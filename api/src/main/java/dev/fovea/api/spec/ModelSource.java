package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Where an endpoint's model comes from: exactly one of a finished job, an S3 prefix or a PersistentVolumeClaim. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = ModelSource.EXACTLY_ONE_RULE, message = ModelSource.EXACTLY_ONE_MESSAGE)
@ValidationRule(
        value = ChannelRulesCel.INPUT_ONLY_DISTRIBUTION_RULE,
        message = ChannelRulesCel.INPUT_ONLY_DISTRIBUTION_MESSAGE)
public class ModelSource {

    static final String EXACTLY_ONE_RULE =
            "(has(self.fromJob) ? 1 : 0) + (has(self.s3) ? 1 : 0) + (has(self.persistentVolumeClaim) ? 1 : 0) == 1";
    public static final String EXACTLY_ONE_MESSAGE = "set exactly one of fromJob, s3 or persistentVolumeClaim";

    @JsonPropertyDescription("Name of an ImageClassificationJob in the endpoint's namespace: its model is served once "
            + "the job Succeeded, from where the job wrote it (its outputDataConfig).")
    @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
    private String fromJob;

    @JsonPropertyDescription("An S3 prefix holding the model (SageMaker's model.tar.gz or its files) and the Secret "
            + "with its credentials; fetched into the pod before serve starts.")
    private S3Source s3;

    @JsonPropertyDescription("A directory on a PersistentVolumeClaim holding the model (SageMaker's model.tar.gz or "
            + "its files), mounted read-only.")
    private PersistentVolumeClaimSource persistentVolumeClaim;

    public ModelSource() {}

    public static ModelSource fromJob(String job) {
        ModelSource source = new ModelSource();
        source.setFromJob(job);
        return source;
    }

    public String getFromJob() {
        return fromJob;
    }

    public void setFromJob(String fromJob) {
        this.fromJob = fromJob;
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

    /** How many sources are set: exactly one is valid. */
    @JsonIgnore
    public int sourceCount() {
        return (fromJob == null ? 0 : 1) + (s3 == null ? 0 : 1) + (persistentVolumeClaim == null ? 0 : 1);
    }
}
