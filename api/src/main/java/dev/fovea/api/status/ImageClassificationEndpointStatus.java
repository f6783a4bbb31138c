package dev.fovea.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of an endpoint: phase, conditions, replicas, the model it serves and its URL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageClassificationEndpointStatus {

    @JsonPropertyDescription("Pending, Ready, Degraded or Failed.")
    private EndpointPhase phase;

    @JsonPropertyDescription("Conditions in Kubernetes API conventions: ModelResolved and Ready.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Replicas the Deployment wants.")
    private Integer replicas;

    @JsonPropertyDescription("Replicas answering GET /ping.")
    private Integer readyReplicas;

    @JsonPropertyDescription("The model served.")
    private ServedModel model;

    @JsonPropertyDescription("The in-cluster URL of the Service: POST <url>/invocations.")
    private String url;

    @JsonPropertyDescription("The generation of the spec this status describes.")
    private Long observedGeneration;

    public EndpointPhase getPhase() {
        return phase;
    }

    public void setPhase(EndpointPhase phase) {
        this.phase = phase;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public ServedModel getModel() {
        return model;
    }

    public void setModel(ServedModel model) {
        this.model = model;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
