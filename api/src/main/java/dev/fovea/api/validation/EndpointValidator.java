package dev.fovea.api.validation;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.spec.AnnotationRules;
import dev.fovea.api.spec.Autoscaling;
import dev.fovea.api.spec.ImageClassificationEndpointSpec;
import dev.fovea.api.spec.ModelSource;
import dev.fovea.api.spec.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates an {@code ImageClassificationEndpoint}: its name, the single-field rules of its spec and the cross-field
 * rules its CRD also holds as CEL (one model source, replicas or autoscaling, one autoscaling target, min ≤ max), the
 * image pull secrets' names and the podTemplate's rules. Pure; field paths start at {@code spec}.
 */
public final class EndpointValidator {

    /** A Service name is a DNS-1035 label. */
    private static final int MAX_NAME_LENGTH = 63;

    private EndpointValidator() {}

    /** Every rule the endpoint breaks, its name included; empty when it is valid. */
    public static List<Violation> validate(ImageClassificationEndpoint endpoint) {
        List<Violation> violations =
                new ArrayList<>(NameRules.validate(endpoint.getMetadata(), MAX_NAME_LENGTH, "the endpoint's Service"));
        violations.addAll(validate(endpoint.getSpec()));
        return violations;
    }

    /** Every rule the spec breaks; empty when it is valid. */
    public static List<Violation> validate(ImageClassificationEndpointSpec spec) {
        List<Violation> violations = new ArrayList<>();
        if (spec == null) {
            violations.add(new Violation("spec", null, "spec is required"));
            return violations;
        }
        violations.addAll(AnnotationRules.validate(spec, "spec"));
        ModelSource model = spec.getModel();
        if (model != null) {
            modelSource(model, violations);
        }
        if (spec.getReplicas() != null && spec.getAutoscaling() != null) {
            violations.add(new Violation(
                    "spec.replicas",
                    spec.getReplicas().toString(),
                    "spec.replicas " + ImageClassificationEndpointSpec.REPLICAS_OR_AUTOSCALING_MESSAGE));
        }
        if (spec.getAutoscaling() != null) {
            autoscaling(spec.getAutoscaling(), violations);
        }
        violations.addAll(ContainerImageRules.validate(spec, "spec"));
        violations.addAll(PodTemplateRules.validate(spec.getPodTemplate()));
        return violations;
    }

    private static void modelSource(ModelSource model, List<Violation> violations) {
        if (model.sourceCount() != 1) {
            String problem = model.sourceCount() == 0 ? "has no source" : "has " + model.sourceCount() + " sources";
            violations.add(new Violation(
                    "spec.model", null, "spec.model " + problem + ": " + ModelSource.EXACTLY_ONE_MESSAGE));
        }
        if (model.getPersistentVolumeClaim() != null) {
            ChannelRules.relativeSubPath(
                            model.getPersistentVolumeClaim().getSubPath(), "spec.model.persistentVolumeClaim.subPath")
                    .ifPresent(violations::add);
        }
        if (model.getS3() != null && model.getS3().getDistributionType() != null) {
            violations.add(new Violation(
                    "spec.model.s3.distributionType",
                    model.getS3().getDistributionType().name(),
                    "spec.model.s3.distributionType is only for input channels; remove it"));
        }
    }

    private static void autoscaling(Autoscaling autoscaling, List<Violation> violations) {
        if (autoscaling.getMaxReplicas() != null && autoscaling.minReplicasOrDefault() > autoscaling.getMaxReplicas()) {
            violations.add(new Violation(
                    "spec.autoscaling.minReplicas",
                    Integer.toString(autoscaling.minReplicasOrDefault()),
                    "spec.autoscaling.minReplicas " + autoscaling.minReplicasOrDefault() + ": "
                            + Autoscaling.MIN_NOT_ABOVE_MAX_MESSAGE + " (" + autoscaling.getMaxReplicas() + ")"));
        }
        if ((autoscaling.getTargetInFlightRequestsPerPod() == null)
                == (autoscaling.getTargetCpuUtilizationPercent() == null)) {
            violations.add(new Violation(
                    "spec.autoscaling", null, "spec.autoscaling: " + Autoscaling.EXACTLY_ONE_TARGET_MESSAGE));
        }
    }
}
