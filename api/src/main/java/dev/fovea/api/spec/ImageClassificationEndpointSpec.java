package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** What the user asks for: a model served by the image's {@code serve} command on a number of replicas. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = ImageClassificationEndpointSpec.REPLICAS_OR_AUTOSCALING_RULE,
        message = ImageClassificationEndpointSpec.REPLICAS_OR_AUTOSCALING_MESSAGE)
public class ImageClassificationEndpointSpec extends ContainerImageSpec {

    /** Replicas when neither replicas nor autoscaling is set. */
    public static final int DEFAULT_REPLICAS = 1;

    static final String REPLICAS_OR_AUTOSCALING_RULE = "!(has(self.replicas) && has(self.autoscaling))";
    public static final String REPLICAS_OR_AUTOSCALING_MESSAGE =
            "set replicas or autoscaling, not both: the autoscaler owns the replica count";

    @JsonPropertyDescription("The model to serve: exactly one of fromJob, s3 or persistentVolumeClaim.")
    @Required
    private ModelSource model;

    @JsonPropertyDescription("Pods serving the model, without autoscaling. Default: 1.")
    @Min(0)
    @Max(1000)
    private Integer replicas;

    @JsonPropertyDescription("A HorizontalPodAutoscaler instead of a fixed replica count.")
    private Autoscaling autoscaling;

    @JsonPropertyDescription("CPU, memory and GPUs of each serving container, as on a container. Default: none.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Options of serve: batching and the largest request body.")
    private ServingOptions serving;

    @JsonPropertyDescription("What the endpoint adds to its pods: labels, annotations, affinity, environment, extra "
            + "volumes and mounts, the size of /dev/shm (the same rules as a job's podTemplate).")
    private PodTemplate podTemplate;

    public ImageClassificationEndpointSpec() {}

    public ImageClassificationEndpointSpec(ModelSource model) {
        this.model = model;
    }

    public ModelSource getModel() {
        return model;
    }

    public void setModel(ModelSource model) {
        this.model = model;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Autoscaling getAutoscaling() {
        return autoscaling;
    }

    public void setAutoscaling(Autoscaling autoscaling) {
        this.autoscaling = autoscaling;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public ServingOptions getServing() {
        return serving;
    }

    public void setServing(ServingOptions serving) {
        this.serving = serving;
    }

    public PodTemplate getPodTemplate() {
        return podTemplate;
    }

    public void setPodTemplate(PodTemplate podTemplate) {
        this.podTemplate = podTemplate;
    }

    /**
     * The replicas the Deployment starts with: spec.replicas, else autoscaling's minimum, else
     * {@link #DEFAULT_REPLICAS}.
     */
    public int initialReplicas() {
        if (replicas != null) {
            return replicas;
        }
        return autoscaling == null ? DEFAULT_REPLICAS : autoscaling.minReplicasOrDefault();
    }
}
