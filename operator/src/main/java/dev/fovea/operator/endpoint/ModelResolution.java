package dev.fovea.operator.endpoint;

import dev.fovea.api.status.ConditionReason;

/**
 * The outcome of resolving an endpoint's model: a location to serve from — found now, or kept from before when its
 * source is gone — or why there is none yet.
 */
public sealed interface ModelResolution {

    /** The model is at {@code model}. */
    record Resolved(ResolvedModel model) implements ModelResolution {}

    /**
     * The source is gone but the endpoint already serves its model, which it keeps serving (and taking spec changes
     * for); {@code message} says so and how to change the model.
     */
    record Kept(ResolvedModel model, ConditionReason reason, String message) implements ModelResolution {}

    /**
     * There is no model to serve.
     *
     * @param waiting true when it may come without the user acting (the job is still training), false when the user
     *     must change something (the message says what)
     */
    record Unresolved(ConditionReason reason, boolean waiting, String message) implements ModelResolution {}
}
