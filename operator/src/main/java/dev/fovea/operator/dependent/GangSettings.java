package dev.fovea.operator.dependent;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.operator.OperatorConfig;
import dev.fovea.operator.lifecycle.CatalogueModel;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * What the reconciler decided before the workflow runs and the dependents need to build their desired state: the
 * trainer image after defaulting (which also fetches s3:// channels), the trainer pods' ServiceAccount (null: the
 * namespace's default), the operator's image pull secrets, the gang attempt (= restarts so far) and the hash of the
 * spec the gang is built from, and the operator's pretrained catalogue, which may add the model channel.
 */
public record GangSettings(
        String trainerImage,
        String serviceAccount,
        List<String> imagePullSecrets,
        int attempt,
        String specHash,
        CatalogueModel catalogueModel) {

    /** The settings of {@code job}'s gang: its own trainer image if it names one, else the operator's. */
    public static GangSettings of(
            ImageClassificationJob job,
            OperatorConfig config,
            int attempt,
            String specHash,
            CatalogueModel catalogueModel) {
        var resources = job.getSpec().getResourceConfig();
        return new GangSettings(
                resources != null && resources.getImage() != null ? resources.getImage() : config.trainerImage(),
                config.trainerServiceAccount().orElse(null),
                config.trainerImagePullSecrets().orElse(List.of()),
                attempt,
                specHash,
                catalogueModel);
    }

    /** The spec the gang is built from: {@code job}'s, with the catalogue's model channel if it adds one. */
    public ImageClassificationJobSpec specInForce(ImageClassificationJob job) {
        return catalogueModel.inForce(job).getSpec();
    }

    public void putInto(Context<?> context) {
        context.managedWorkflowAndDependentResourceContext().put(GangSettings.class, this);
    }

    public static GangSettings from(Context<?> context) {
        return context.managedWorkflowAndDependentResourceContext()
                .getMandatory(GangSettings.class, GangSettings.class);
    }
}
