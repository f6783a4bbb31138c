package dev.fovea.operator.status;

import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Deployment controller reports about the rollout of an endpoint's pod template, as
 * {@code kubectl rollout status} reads it.
 *
 * @param wanted the replicas its spec wants
 * @param ready the pods answering /ping, old and new
 * @param updated the pods of its current template
 * @param total its pods, old and new
 * @param observed whether the controller has seen its current spec (status.observedGeneration ≥ generation); the
 *     counts describe an older spec until then
 * @param model the {@link ObjectNames#MODEL_ANNOTATION} of its template: which model its updated pods serve
 * @param deadlineExceeded the Progressing condition's message when it is False with {@link #PROGRESS_DEADLINE_EXCEEDED}
 */
public record DeploymentRollout(
        int wanted,
        int ready,
        int updated,
        int total,
        boolean observed,
        String model,
        Optional<String> deadlineExceeded) {

    static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
    private static final String PROGRESSING = "Progressing";

    public static DeploymentRollout of(Deployment deployment) {
        Integer replicas = deployment.getSpec().getReplicas();
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        Long generation = deployment.getMetadata().getGeneration();
        boolean observed = generation == null
                || (status.getObservedGeneration() != null && status.getObservedGeneration() >= generation);
        Map<String, String> annotations =
                deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        Optional<String> deadlineExceeded = Optional.ofNullable(status.getConditions()).stream()
                .flatMap(List::stream)
                .filter(c -> PROGRESSING.equals(c.getType())
                        && "False".equals(c.getStatus())
                        && PROGRESS_DEADLINE_EXCEEDED.equals(c.getReason()))
                .map(DeploymentCondition::getMessage)
                .findFirst();
        return new DeploymentRollout(
                replicas == null ? 1 : replicas,
                count(status.getReadyReplicas()),
                count(status.getUpdatedReplicas()),
                count(status.getReplicas()),
                observed,
                annotations == null ? null : annotations.get(ObjectNames.MODEL_ANNOTATION),
                deadlineExceeded);
    }

    /** Every wanted pod runs the current template and is ready, and no pod of an older one is left. */
    public boolean complete() {
        return observed && updated >= wanted && total <= updated && ready >= wanted;
    }

    /** The controller gave up waiting for the current template's pods (they crash, cannot pull, do not fit…). */
    public boolean stuck() {
        return observed && deadlineExceeded.isPresent();
    }

    private static int count(Integer replicas) {
        return replicas == null ? 0 : replicas;
    }
}
