package dev.fovea.api.validation;

import dev.fovea.api.spec.ContainerImageSpec;
import dev.fovea.api.spec.Violation;
import java.util.ArrayList;
import java.util.List;

/** The rule on a job's or an endpoint's image fields the CRD cannot hold: each pull secret names a Secret. */
final class ContainerImageRules {

    private ContainerImageRules() {}

    /** Every rule {@code image} breaks, its fields named below {@code path} (e.g. {@code spec.resourceConfig}). */
    static List<Violation> validate(ContainerImageSpec image, String path) {
        List<Violation> violations = new ArrayList<>();
        if (image == null || image.getImagePullSecrets() == null) {
            return violations;
        }
        for (int i = 0; i < image.getImagePullSecrets().size(); i++) {
            String name = image.getImagePullSecrets().get(i).getName();
            if (name == null || name.isBlank()) {
                violations.add(new Violation(
                        path + ".imagePullSecrets[" + i + "].name",
                        name,
                        "an image pull secret needs the name of a Secret in the namespace"));
            }
        }
        return violations;
    }
}
