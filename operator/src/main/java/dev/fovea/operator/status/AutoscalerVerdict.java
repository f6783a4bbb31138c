package dev.fovea.operator.status;

import dev.fovea.api.contract.ServingMetricNames;
import dev.fovea.operator.endpoint.ServingPodTemplate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether an endpoint's HorizontalPodAutoscaler can scale, as its own {@code ScalingActive} condition says: the HPA
 * controller's reason and message, and, for the two causes a spec can hit without any error at admission, what to do.
 * A CPU target on pods that request no CPU ({@code FailedGetResourceMetric}, "missing request for cpu") is not
 * rejected up front because a LimitRange may give the pods a default request; an in-flight target with no custom
 * metrics adapter serving {@link ServingMetricNames#IN_FLIGHT_REQUESTS_PROMETHEUS} is {@code FailedGetPodsMetric}.
 *
 * @param active whether ScalingActive is True
 * @param reason the HPA's reason, e.g. {@code ValidMetricFound}, {@code FailedGetResourceMetric}
 * @param message the HPA's message, followed by the hint when one applies
 */
public record AutoscalerVerdict(boolean active, String reason, String message) {

    static final String SCALING_ACTIVE = "ScalingActive";
    static final String FAILED_GET_PODS_METRIC = "FailedGetPodsMetric";
    static final String CPU_HINT = "the " + ServingPodTemplate.SERVE_CONTAINER
            + " container requests no CPU: set spec.resources.requests.cpu; CPU utilisation is a share of the request";
    static final String ADAPTER_HINT = "install a custom metrics adapter (e.g. prometheus-adapter) that serves the Pods"
            + " metric " + ServingMetricNames.IN_FLIGHT_REQUESTS_PROMETHEUS + " from the pods' Prometheus gauge";
    private static final String CPU = "cpu";

    /**
     * The verdict of {@code hpa}, which scales {@code deployment}; empty until the HPA controller has reported
     * ScalingActive.
     */
    public static Optional<AutoscalerVerdict> of(HorizontalPodAutoscaler hpa, Optional<Deployment> deployment) {
        if (hpa.getStatus() == null || hpa.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return hpa.getStatus().getConditions().stream()
                .filter(c -> SCALING_ACTIVE.equals(c.getType()))
                .findFirst()
                .map(c -> verdict(c, hpa, deployment));
    }

    private static AutoscalerVerdict verdict(
            HorizontalPodAutoscalerCondition condition, HorizontalPodAutoscaler hpa, Optional<Deployment> deployment) {
        boolean active = ConditionList.TRUE.equals(condition.getStatus());
        String reason = Objects.requireNonNullElse(condition.getReason(), SCALING_ACTIVE);
        String message = Objects.requireNonNullElse(condition.getMessage(), "");
        if (active) {
            return new AutoscalerVerdict(true, reason, message);
        }
        Optional<String> hint = Optional.empty();
        if (targets(
                        hpa,
                        m -> m.getResource() != null
                                && CPU.equals(m.getResource().getName()))
                && deployment
                        .flatMap(AutoscalerVerdict::serveContainer)
                        .filter(c -> !hasCpu(c))
                        .isPresent()) {
            hint = Optional.of(CPU_HINT);
        } else if (FAILED_GET_PODS_METRIC.equals(reason)
                && targets(
                        hpa,
                        m -> m.getPods() != null
                                && m.getPods().getMetric() != null
                                && ServingMetricNames.IN_FLIGHT_REQUESTS_PROMETHEUS.equals(
                                        m.getPods().getMetric().getName()))) {
            hint = Optional.of(ADAPTER_HINT);
        }
        return new AutoscalerVerdict(
                false,
                reason,
                hint.map(h -> message.isEmpty() ? h : message + "; " + h).orElse(message));
    }

    private static boolean targets(HorizontalPodAutoscaler hpa, Predicate<MetricSpec> metric) {
        return hpa.getSpec() != null
                && hpa.getSpec().getMetrics() != null
                && hpa.getSpec().getMetrics().stream().anyMatch(metric);
    }

    private static Optional<Container> serveContainer(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> ServingPodTemplate.SERVE_CONTAINER.equals(c.getName()))
                .findFirst();
    }

    /** Whether the container requests CPU, or limits it (which then is its request too). */
    private static boolean hasCpu(Container container) {
        ResourceRequirements resources = container.getResources();
        return resources != null && (hasCpu(resources.getRequests()) || hasCpu(resources.getLimits()));
    }

    private static boolean hasCpu(Map<String, ?> quantities) {
        return quantities != null && quantities.containsKey(CPU);
    }
}
