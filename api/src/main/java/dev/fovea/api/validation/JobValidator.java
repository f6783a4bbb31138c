package dev.fovea.api.validation;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.hyperparameters.HyperParameterRules;
import dev.fovea.api.spec.AnnotationRules;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a whole {@code ImageClassificationJob} spec: the hyperparameters, the channels and the resources. Pure:
 * the operator, the trainer's {@code fovea validate} and local mode all call it. Field paths start at {@code spec}.
 */
public final class JobValidator {

    private static final String HYPER_PARAMETERS = "spec.hyperParameters";

    private JobValidator() {}

    /** Every rule the job breaks, its name included; empty when it is valid. */
    public static List<Violation> validate(ImageClassificationJob job) {
        List<Violation> violations = new ArrayList<>(NameRules.validate(job.getMetadata()));
        violations.addAll(validate(job.getSpec()));
        return violations;
    }

    /** Every rule the spec breaks; empty when it is valid. */
    public static List<Violation> validate(ImageClassificationJobSpec spec) {
        List<Violation> violations = new ArrayList<>();
        if (spec == null) {
            violations.add(new Violation("spec", null, "spec is required"));
            return violations;
        }
        violations.addAll(AnnotationRules.validate(spec, "spec"));
        if (spec.getHyperParameters() != null) {
            HyperParameterRules.crossFieldRules(spec.getHyperParameters()).stream()
                    .map(v -> v.under(HYPER_PARAMETERS))
                    .forEach(violations::add);
        }
        violations.addAll(ChannelRules.validate(spec));
        violations.addAll(ResourceRules.validate(spec));
        violations.addAll(PodTemplateRules.validate(spec));
        return violations;
    }
}
