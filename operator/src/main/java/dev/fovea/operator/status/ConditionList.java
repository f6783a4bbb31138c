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
        Optional<Condition> existing = find(conditions, type);
        if (existing.isEmpty()) {
            conditions.add(new ConditionBuilder()
                    .withType(type.name())
                    .withStatus(conditionStatus)
                    .withReason(reason.name())
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
        condition.setReason(reason.name());
        condition.setMessage(message);
        condition.setObservedGeneration(generation);
    }
}
