package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) for the endpoint's Deployment: between minReplicas and maxReplicas, on
 * exactly one target — requests in flight per pod (the serve metric {@code fovea_serve_in_flight_requests}, read
 * through a custom-metrics adapter such as prometheus-adapter) or CPU utilization.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Autoscaling.MIN_NOT_ABOVE_MAX_RULE, message = Autoscaling.MIN_NOT_ABOVE_MAX_MESSAGE)
@ValidationRule(value = Autoscaling.EXACTLY_ONE_TARGET_RULE, message = Autoscaling.EXACTLY_ONE_TARGET_MESSAGE)
public class Autoscaling {

    static final String MIN_NOT_ABOVE_MAX_RULE = "!has(self.minReplicas) || self.minReplicas <= self.maxReplicas";
    public static final String MIN_NOT_ABOVE_MAX_MESSAGE = "minReplicas must not exceed maxReplicas";
    static final String EXACTLY_ONE_TARGET_RULE =
            "has(self.targetInFlightRequestsPerPod) != has(self.targetCpuUtilizationPercent)";
    public static final String EXACTLY_ONE_TARGET_MESSAGE =
            "set exactly one of targetInFlightRequestsPerPod or targetCpuUtilizationPercent";
    /** Replicas when minReplicas is unset. */
    public static final int DEFAULT_MIN_REPLICAS = 1;

    @JsonPropertyDescription("Fewest replicas. Default: 1.")
    @Min(1)
    private Integer minReplicas;

    @JsonPropertyDescription("Most replicas; at least minReplicas.")
    @Required
    @Min(1)
    @Max(1000)
    private Integer maxReplicas;

    @JsonPropertyDescription("Average requests in flight per pod to keep (the pods' fovea_serve_in_flight_requests, "
            + "served to the HPA by a custom-metrics adapter). Exactly one target.")
    @Min(1)
    private Integer targetInFlightRequestsPerPod;

    @JsonPropertyDescription("Average CPU utilization, in percent of the pods' CPU request, to keep (needs "
            + "resources.requests.cpu). Exactly one target.")
    @Min(1)
    @Max(100)
    private Integer targetCpuUtilizationPercent;

    public Integer getMinReplicas() {
        return minReplicas;
    }

    public void setMinReplicas(Integer minReplicas) {
        this.minReplicas = minReplicas;
    }

    public Integer getMaxReplicas() {
        return maxReplicas;
    }

    public void setMaxReplicas(Integer maxReplicas) {
        this.maxReplicas = maxReplicas;
    }

    public Integer getTargetInFlightRequestsPerPod() {
        return targetInFlightRequestsPerPod;
    }

    public void setTargetInFlightRequestsPerPod(Integer targetInFlightRequestsPerPod) {
        this.targetInFlightRequestsPerPod = targetInFlightRequestsPerPod;
    }

    public Integer getTargetCpuUtilizationPercent() {
        return targetCpuUtilizationPercent;
    }

    public void setTargetCpuUtilizationPercent(Integer targetCpuUtilizationPercent) {
        this.targetCpuUtilizationPercent = targetCpuUtilizationPercent;
    }

    /** minReplicas, {@link #DEFAULT_MIN_REPLICAS} when unset. */
    public int minReplicasOrDefault() {
        return minReplicas == null ? DEFAULT_MIN_REPLICAS : minReplicas;
    }
}
