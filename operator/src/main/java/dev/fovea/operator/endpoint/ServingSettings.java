package dev.fovea.operator.endpoint;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.operator.OperatorConfig;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * What the reconciler decided before the workflow runs and the serving dependents need: the image after defaulting
 * (the operator's trainer image, which also serves), the pods' ServiceAccount (null: the namespace's default), the
 * operator's image pull secrets and the resolved model.
 */
public record ServingSettings(String image, String serviceAccount, List<String> imagePullSecrets, ResolvedModel model) {

    public static ServingSettings of(ImageClassificationEndpoint endpoint, OperatorConfig config, ResolvedModel model) {
        String image = endpoint.getSpec().getImage();
        return new ServingSettings(
                image != null ? image : config.trainerImage(),
                config.trainerServiceAccount().orElse(null),
                config.trainerImagePullSecrets().orElse(List.of()),
                model);
    }

    public void putInto(Context<?> context) {
        context.managedWorkflowAndDependentResourceContext().put(ServingSettings.class, this);
    }

    static ServingSettings from(Context<?> context) {
        return context.managedWorkflowAndDependentResourceContext()
                .getMandatory(ServingSettings.class, ServingSettings.class);
    }
}
