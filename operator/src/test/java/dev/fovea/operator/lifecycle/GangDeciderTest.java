package dev.fovea.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.status.ConditionReason;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GangDeciderTest {

    private static final GangOutcome LOST =
            new GangOutcome.RetryableFailure(1, OptionalInt.of(3), "host 1 exited with code 3");

    @Test
    void restartsUntilTheBackoffLimitThenFails() {
        assertThat(GangDecider.decide(LOST, 0, 2, Optional.empty(), null, ResumePoint.NEWEST_CHECKPOINT))
                .isInstanceOfSatisfying(
                        GangDecision.Restart.class, r -> assertThat(r.message()).contains("restart 1 of 2"));
        assertThat(GangDecider.decide(LOST, 2, 2, Optional.empty(), null, ResumePoint.NEWEST_CHECKPOINT))
                .isInstanceOfSatisfying(
                        GangDecision.Fail.class,
                        f -> assertThat(f.reason()).isEqualTo(ConditionReason.BackoffLimitExceeded));
    }

    @Test
    void aRestartSaysWhereTheGangResumes() {
        assertThat(GangDecider.decide(LOST, 0, 2, Optional.empty(), null, ResumePoint.NEWEST_CHECKPOINT))
                .isInstanceOfSatisfying(
                        GangDecision.Restart.class,
                        r -> assertThat(r.message()).startsWith("Restarting the gang from the newest checkpoint"));
        assertThat(GangDecider.decide(LOST, 0, 2, Optional.empty(), null, ResumePoint.EPOCH_ZERO))
                .isInstanceOfSatisfying(
                        GangDecision.Restart.class,
                        r -> assertThat(r.message())
                                .startsWith(
                                        "Restarting the gang from epoch 0, since spec.checkpointConfig is not set"));
    }

    @Test
    void clientErrorFailsAtOnceWithTheTrainersReason() {
        assertThat(GangDecider.decide(
                        new GangOutcome.ClientError(0, "bad labels"),
                        0,
                        3,
                        Optional.empty(),
                        null,
                        ResumePoint.NEWEST_CHECKPOINT))
                .isEqualTo(new GangDecision.Fail(ConditionReason.ClientError, "ClientError: bad labels"));
    }

    @Test
    void deadlineStopsARunningOrPendingGang() {
        assertThat(GangDecider.decide(
                        new GangOutcome.Running(2),
                        0,
                        3,
                        Optional.of(Duration.ofSeconds(61)),
                        60L,
                        ResumePoint.NEWEST_CHECKPOINT))
                .isInstanceOfSatisfying(
                        GangDecision.Fail.class,
                        f -> assertThat(f.reason()).isEqualTo(ConditionReason.DeadlineExceeded));
        assertThat(GangDecider.decide(
                        new GangOutcome.Running(2),
                        0,
                        3,
                        Optional.of(Duration.ofSeconds(59)),
                        60L,
                        ResumePoint.NEWEST_CHECKPOINT))
                .isEqualTo(new GangDecision.Continue(true));
    }

    @Test
    void theRestartReasonComesFromTheExitCodeNotFromTheMessage() {
        GangOutcome crashed = new GangOutcome.RetryableFailure(0, OptionalInt.of(137), "peer lost? exited with code 3");
        GangOutcome evicted = new GangOutcome.RetryableFailure(0, OptionalInt.empty(), "host 0 was evicted");
        assertThat(GangDecider.decide(LOST, 0, 2, Optional.empty(), null, ResumePoint.NEWEST_CHECKPOINT))
                .isInstanceOfSatisfying(
                        GangDecision.Restart.class, r -> assertThat(r.reason()).isEqualTo(ConditionReason.PeerLost));
        assertThat(GangDecider.decide(crashed, 0, 2, Optional.empty(), null, ResumePoint.NEWEST_CHECKPOINT))
                .isInstanceOfSatisfying(
                        GangDecision.Restart.class, r -> assertThat(r.reason()).isEqualTo(ConditionReason.HostFailed));
        assertThat(GangDecider.decide(evicted, 0, 2, Optional.empty(), null, ResumePoint.NEWEST_CHECKPOINT))
                .isInstanceOfSatisfying(
                        GangDecision.Restart.class, r -> assertThat(r.reason()).isEqualTo(ConditionReason.HostFailed));
    }
}
