package dev.fovea.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What the reconciler decided before the workflow runs and the dependents need to build their desired state: the
 * trainer image after defaulting, the image that fetches s3:// channels, the trainer pods' ServiceAccount (null: the
 * namespace's default), and the gang attempt (= restarts so far).
 */
public record GangSettings(
        String trainerImage, String s3FetchImage, String serviceAccount, int attempt, String specHash) {

    public void putInto(Context<?> context) {
        context.managedWorkflowAndDependentResourceContext().put(GangSettings.class, this);
    }

    public static GangSettings from(Context<?> context) {
        return context.managedWorkflowAndDependentResourceContext()
                .getMandatory(GangSettings.class, GangSettings.class);
    }
}
