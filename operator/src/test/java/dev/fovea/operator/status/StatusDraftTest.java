package dev.fovea.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.ImageClassificationJobStatus;
import dev.fovea.api.status.JobPhase;
import dev.fovea.operator.Jobs;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusDraftTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(90);

    @Test
    void aNewJobIsCreatedWithItsConditionOneGenerationAndOneTimestamp() {
        ImageClassificationJob job = job(3);
        ImageClassificationJobStatus status = draft(job, T0).acceptIfNew().build();

        assertThat(status.getPhase()).isEqualTo(JobPhase.Created);
        assertThat(status.getRestarts()).isZero();
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Created");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("Accepted");
            assertThat(c.getObservedGeneration()).isEqualTo(3L);
            assertThat(c.getLastTransitionTime()).isEqualTo(T0.toString());
        });
    }

    @Test
    void enteringAPhaseSetsItsConditionAndTurnsThePreviousPhaseFalse() {
        ImageClassificationJob job = job(1);
        job.setStatus(draft(job, T0).acceptIfNew().build());

        ImageClassificationJobStatus running = draft(job, T1)
                .enter(JobPhase.Running, ConditionReason.GangRunning, "2 host(s) are training")
                .build();

        assertThat(running.getPhase()).isEqualTo(JobPhase.Running);
        assertThat(condition(running, ConditionType.Running).getStatus()).isEqualTo("True");
        assertThat(condition(running, ConditionType.Created)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getMessage()).isEqualTo("The job is Running now");
            assertThat(c.getLastTransitionTime()).isEqualTo(T1.toString());
        });
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenTheConditionsStatusChanges() {
        ImageClassificationJob job = job(1);
        job.setStatus(draft(job, T0)
                .raise(ConditionType.SpecChangeRefused, ConditionReason.SpecChangeRefused, "spec.hyperParameters")
                .build());
        job.getMetadata().setGeneration(2L);

        ImageClassificationJobStatus stillRefused = draft(job, T1)
                .raise(ConditionType.SpecChangeRefused, ConditionReason.InvalidHyperParameters, "lrSchedulerStep")
                .build();
        assertThat(condition(stillRefused, ConditionType.SpecChangeRefused)).satisfies(c -> {
            assertThat(c.getLastTransitionTime()).isEqualTo(T0.toString());
            assertThat(c.getReason()).isEqualTo("InvalidHyperParameters");
            assertThat(c.getMessage()).isEqualTo("lrSchedulerStep");
            assertThat(c.getObservedGeneration()).isEqualTo(2L);
        });

        job.setStatus(stillRefused);
        ImageClassificationJobStatus applied = draft(job, T1.plusSeconds(5))
                .settle(ConditionType.SpecChangeRefused, ConditionReason.SpecApplied, "applied")
                .build();
        assertThat(condition(applied, ConditionType.SpecChangeRefused)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getLastTransitionTime()).isEqualTo(T1.plusSeconds(5).toString());
        });
    }

    @Test
    void settlingAConditionThatWasNeverRaisedLeavesItAbsent() {
        ImageClassificationJob job = job(1);
        ImageClassificationJobStatus status = draft(job, T0)
                .settle(ConditionType.SpecChangeRefused, ConditionReason.SpecApplied, "applied")
                .build();
        assertThat(status.getConditions()).isEmpty();
    }

    @Test
    void finishingStampsTheCompletionTimeAndRuntimeCountsFromTheFirstStart() {
        ImageClassificationJob job = job(1);
        job.setStatus(draft(job, T0).acceptIfNew().startedNow().build());

        StatusDraft later = draft(job, T1);
        assertThat(later.runtime()).contains(Duration.ofSeconds(90));
        ImageClassificationJobStatus failed = later.startedNow()
                .finish(JobPhase.Failed, ConditionReason.DeadlineExceeded, "too long")
                .build();
        assertThat(failed.getStartTime()).isEqualTo(T0.toString());
        assertThat(failed.getCompletionTime()).isEqualTo(T1.toString());
    }

    @Test
    void onlyASpecReasonCountsAsFailedOnSpec() {
        ImageClassificationJob job = job(1);
        job.setStatus(draft(job, T0)
                .enter(JobPhase.Failed, ConditionReason.InvalidSpec, "bad")
                .build());
        assertThat(draft(job, T1).failedOnSpec()).isTrue();

        job.setStatus(draft(job, T0)
                .enter(JobPhase.Failed, ConditionReason.ClientError, "bad labels")
                .build());
        assertThat(draft(job, T1).failedOnSpec()).isFalse();
    }

    @Test
    void aRestartCountsTheAttempt() {
        ImageClassificationJob job = job(1);
        job.setStatus(draft(job, T0).acceptIfNew().build());
        ImageClassificationJobStatus restarting =
                draft(job, T1).restart(ConditionReason.PeerLost, "peer lost").build();
        assertThat(restarting.getRestarts()).isEqualTo(1);
        assertThat(restarting.getPhase()).isEqualTo(JobPhase.Restarting);
        assertThat(condition(restarting, ConditionType.Restarting).getReason()).isEqualTo("PeerLost");
    }

    private static ImageClassificationJob job(long generation) {
        ImageClassificationJob job = Jobs.valid("draft", 1);
        job.getMetadata().setGeneration(generation);
        return job;
    }

    private static StatusDraft draft(ImageClassificationJob job, Instant now) {
        return StatusDraft.of(job, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Condition condition(ImageClassificationJobStatus status, ConditionType type) {
        return StatusDraft.condition(status, type).orElseThrow();
    }
}
