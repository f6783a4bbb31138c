package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.List;

/**
 * The image a Fovea pod runs and how the kubelet pulls it: the fields a job's {@code resourceConfig} and an endpoint's
 * {@code spec} both carry, flat, as a container does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ContainerImageSpec {

    /** The image pull policies Kubernetes knows. */
    public static final String PULL_POLICY_PATTERN = "^(Always|IfNotPresent|Never)$";
    /** The pull policy when imagePullPolicy is unset. */
    public static final String DEFAULT_PULL_POLICY = "IfNotPresent";

    @JsonPropertyDescription("Container image; the same image trains and serves. Default: the operator's configured "
            + "trainer image (the chart's trainer.image).")
    private String image;

    @JsonPropertyDescription("Image pull policy. Valid values: Always, IfNotPresent or Never. Default: IfNotPresent.")
    @Pattern(PULL_POLICY_PATTERN)
    private String imagePullPolicy;

    @JsonPropertyDescription("Secrets for pulling the image (and the s3 fetch image) from a private registry, added "
            + "to the operator's own list (the chart's trainer.imagePullSecrets), e.g. [{name: regcred}].")
    private List<LocalObjectReference> imagePullSecrets;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getImagePullPolicy() {
        return imagePullPolicy;
    }

    public void setImagePullPolicy(String imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    public List<LocalObjectReference> getImagePullSecrets() {
        return imagePullSecrets;
    }

    public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
        this.imagePullSecrets = imagePullSecrets;
    }

    /** imagePullPolicy, or {@link #DEFAULT_PULL_POLICY} when unset. */
    public String pullPolicyOrDefault() {
        return imagePullPolicy == null ? DEFAULT_PULL_POLICY : imagePullPolicy;
    }
}
