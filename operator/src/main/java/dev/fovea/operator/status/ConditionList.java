package dev.fovea.operator.status;

import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The conditions of a status, by type, as the Kubernetes API conventions keep them: one per type, and
 * {@code lastTransitionTime} moves only when its status changes. Shared by the job's and the endpoint's drafts.
 */
final class ConditionList {

    static final String TRUE = "True";
    static final String FALSE = "False";

    private ConditionList() {}

    static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
        return conditions.stream().filter(c -> type.name().equals(c.getType())).findFirst();
    }

    static void set(
            List<Condition> conditions,
            ConditionType type,
            String conditionStatus,
            ConditionReason reason,
            String message,
            long generation,
            Instant now) {
        set(conditions, type, conditionStatus, reason.name(), message, generation, now);
    }

    /**
     * As {@link #set(List, ConditionType, String, ConditionReason, String, long, Instant)}, with a reason Fovea
     * passes on from another controller's condition (e.g. the HorizontalPodAutoscaler's) rather than its own.
     */
    static void set(
            List<Condition> conditions,
            ConditionType type,
            String conditionStatus,
            String reason,
            String message,
            long generation,
            Instant now) {
        Optional<Condition> existing = find(conditions, type);
        if (existing.isEmpty()) {
            conditions.add(new ConditionBuilder()
                    .withType(type.name())
                    .withStatus(conditionStatus)
                    .withReason(reason)
                    .withMessage(message)
                    .withObservedGeneration(generation)
                    .withLastTransitionTime(now.toString())
                    .build());
            return;
        }
        Condition condition = existing.get();
        if (!conditionStatus.equals(condition.getStatus())) {
            condition.setLastTransitionTime(now.toString());
        }
        condition.setStatus(conditionStatus);
        condition.setReason(reason);
        condition.setMessage(message);
        condition.setObservedGeneration(generation);
    }

    static void remove(List<Condition> conditions, ConditionType type) {
        conditions.removeIf(c -> type.name().equals(c.getType()));
    }
}
