package dev.fovea.operator.lifecycle;

import dev.fovea.api.status.ConditionReason;

/** What the reconciler does with the gang after {@link GangDecider} has looked at it. */
public sealed interface GangDecision {

    /** Keep the gang as it is; {@code running} tells whether any host is running yet. */
    record Continue(boolean running) implements GangDecision {}

    /** Every host finished; the final progress is in rank 0's termination message. */
    record Succeed(String terminationMessage) implements GangDecision {}

    /** Stop the gang for good; {@code message} is for a person. */
    record Fail(ConditionReason reason, String message) implements GangDecision {}

    /** Tear the gang down and start it again from the newest checkpoint; {@code reason} says what broke it. */
    record Restart(ConditionReason reason, String message) implements GangDecision {}
}
