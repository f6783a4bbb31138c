package dev.fovea.operator.status;

import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.JobPhase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;

/**
 * Sets {@code metav1.Condition}s the way the API conventions ask: {@code lastTransitionTime} moves only when a
 * condition's status changes; reason, message and {@code observedGeneration} follow the latest observation.
 */
public final class Conditions {

    /** Not a phase: True while a spec change is refused; the message says which fields and how to apply them. */
    public static final String SPEC_CHANGE_REFUSED = "SpecChangeRefused";

    public static final String REASON_SPEC_CHANGE_REFUSED = "SpecChangeRefused";
    public static final String REASON_INVALID_HYPER_PARAMETERS = "InvalidHyperParameters";
    public static final String REASON_SPEC_APPLIED = "SpecApplied";

    private Conditions() {}

    /** Makes {@code phase}'s condition True and every other phase condition that was True, False. */
    public static void enterPhase(
            List<Condition> conditions, JobPhase phase, String reason, String message, long generation, String now) {
        for (JobPhase other : JobPhase.values()) {
            if (other != phase) {
                conditions.stream()
                        .filter(c ->
                                c.getType().equals(ConditionType.of(other)) && ConditionType.TRUE.equals(c.getStatus()))
                        .findFirst()
                        .ifPresent(c -> set(
                                conditions,
                                c.getType(),
                                ConditionType.FALSE,
                                reason,
                                "The job is " + phase + " now",
                                generation,
                                now));
            }
        }
        set(conditions, ConditionType.of(phase), ConditionType.TRUE, reason, message, generation, now);
    }

    public static void set(
            List<Condition> conditions,
            String type,
            String status,
            String reason,
            String message,
            long generation,
            String now) {
        Condition existing = conditions.stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
        if (existing == null) {
            conditions.add(new ConditionBuilder()
                    .withType(type)
                    .withStatus(status)
                    .withReason(reason)
                    .withMessage(message)
                    .withObservedGeneration(generation)
                    .withLastTransitionTime(now)
                    .build());
            return;
        }
        if (!status.equals(existing.getStatus())) {
            existing.setLastTransitionTime(now);
        }
        existing.setStatus(status);
        existing.setReason(reason);
        existing.setMessage(message);
        existing.setObservedGeneration(generation);
    }

    /** Sets a non-phase condition False if it exists (a refused change that was reverted), else leaves it absent. */
    public static void clear(
            List<Condition> conditions, String type, String reason, String message, long generation, String now) {
        if (conditions.stream().anyMatch(c -> type.equals(c.getType()))) {
            set(conditions, type, ConditionType.FALSE, reason, message, generation, now);
        }
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return conditions.stream().anyMatch(c -> type.equals(c.getType()) && ConditionType.TRUE.equals(c.getStatus()));
    }
}
