package dev.fovea.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The model an endpoint serves, as the operator resolved it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServedModel {

    @JsonPropertyDescription("The ImageClassificationJob that trained it, when the model comes from a job.")
    private String jobName;

    @JsonPropertyDescription("Where the model is read from: an s3:// URI or pvc://<claim>/<path>.")
    private String uri;

    @JsonPropertyDescription("The job's validation accuracy (its status.validationAccuracy), when from a job.")
    private Double validationAccuracy;

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
}
