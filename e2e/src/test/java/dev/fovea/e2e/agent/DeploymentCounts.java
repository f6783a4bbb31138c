package dev.fovea.e2e.agent;

/**
 * What the Deployment controller reports in a Deployment's status.
 *
 * @param observedGeneration the Deployment's generation these counts are for
 * @param desired {@code spec.replicas}
 * @param replicas pods of every template
 * @param updated pods of the current template
 * @param ready pods whose readiness probe answered (of any template: an old pod serves until it is stopped)
 */
record DeploymentCounts(Long observedGeneration, int desired, int replicas, int updated, int ready) {

    /** Every replica runs the current template, is ready, and no old pod is left. */
    boolean rolledOut() {
        return updated == desired && ready == desired && replicas == desired;
    }
}
