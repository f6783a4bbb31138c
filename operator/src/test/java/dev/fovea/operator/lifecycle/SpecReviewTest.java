package dev.fovea.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.JobPhase;
import dev.fovea.operator.Jobs;
import dev.fovea.operator.dependent.TrainerJobDependent;
import dev.fovea.operator.dependent.TrainerPods;
import dev.fovea.operator.status.StatusDraft;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecReviewTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Gang NO_GANG = new Gang(Optional.empty(), List.of(), 0);

    @Test
    void anInvalidSpecWithoutAGangFailsTheJobNamingTheField() {
        ImageClassificationJob job = job("bad");
        job.getSpec().getHyperParameters().setLrSchedulerStep("6,2");
        StatusDraft status = StatusDraft.of(job, CLOCK).acceptIfNew();

        assertThat(SpecReview.review(job, NO_GANG, SpecChangeGuard.hash(job.getSpec()), status))
                .isEqualTo(SpecReview.Verdict.REJECTED);
        assertThat(status.phase()).isEqualTo(JobPhase.Failed);
        assertThat(condition(job, status, ConditionType.Failed)).satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("InvalidHyperParameters");
            assertThat(c.getMessage())
                    .contains("spec.hyperParameters.lrSchedulerStep")
                    .contains("no pods were started");
        });
    }

    @Test
    void anInvalidEditOfAJobWithAGangIsRefusedAndTheJobKeepsItsPhase() {
        ImageClassificationJob job = job("edited");
        Gang running = gangBuiltFrom(job);
        job.setStatus(StatusDraft.of(job, CLOCK)
                .acceptIfNew()
                .enter(JobPhase.Running, ConditionReason.GangRunning, "1 host(s) are training")
                .build());
        job.getSpec().getHyperParameters().setLrSchedulerStep("6,2");
        StatusDraft status = StatusDraft.of(job, CLOCK);

        assertThat(SpecReview.review(job, running, SpecChangeGuard.hash(job.getSpec()), status))
                .isEqualTo(SpecReview.Verdict.REFUSED);
        assertThat(status.phase()).isEqualTo(JobPhase.Running);
        assertThat(condition(job, status, ConditionType.SpecChangeRefused)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("InvalidHyperParameters");
            assertThat(c.getMessage())
                    .contains("spec.hyperParameters.lrSchedulerStep")
                    .contains("the gang keeps running with the spec it started with");
        });
    }

    @Test
    void aFinishedJobsSpecIsNotJudged() {
        ImageClassificationJob job = job("done");
        Gang finished = gangBuiltFrom(job);
        job.setStatus(StatusDraft.of(job, CLOCK)
                .finish(JobPhase.Succeeded, ConditionReason.Completed, "Every host finished training")
                .build());
        job.getSpec().getHyperParameters().setLrSchedulerStep("6,2");
        StatusDraft status = StatusDraft.of(job, CLOCK);

        assertThat(SpecReview.review(job, finished, SpecChangeGuard.hash(job.getSpec()), status))
                .isEqualTo(SpecReview.Verdict.NOT_JUDGED);
        assertThat(status.phase()).isEqualTo(JobPhase.Succeeded);
    }

    @Test
    void aCorrectedSpecStartsAJobThatFailedOnItsSpec() {
        ImageClassificationJob job = job("fixed");
        job.setStatus(StatusDraft.of(job, CLOCK)
                .acceptIfNew()
                .enter(JobPhase.Failed, ConditionReason.InvalidSpec, "bad")
                .build());
        StatusDraft status = StatusDraft.of(job, CLOCK);

        assertThat(SpecReview.review(job, NO_GANG, SpecChangeGuard.hash(job.getSpec()), status))
                .isEqualTo(SpecReview.Verdict.IN_FORCE);
        assertThat(status.phase()).isEqualTo(JobPhase.Created);
        assertThat(condition(job, status, ConditionType.Created).getReason()).isEqualTo("Accepted");
    }

    private static ImageClassificationJob job(String name) {
        ImageClassificationJob job = Jobs.valid(name, 1);
        job.getMetadata().setGeneration(1L);
        return job;
    }

    private static Gang gangBuiltFrom(ImageClassificationJob job) {
        Job batch = new JobBuilder()
                .withNewMetadata()
                .withAnnotations(Map.of(TrainerJobDependent.SPEC_HASH_ANNOTATION, SpecChangeGuard.hash(job.getSpec())))
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of(TrainerPods.ATTEMPT_LABEL, "0"))
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build();
        return new Gang(Optional.of(batch), List.of(), 0);
    }

    /** The condition as it will be written. */
    private static Condition condition(ImageClassificationJob job, StatusDraft status, ConditionType type) {
        return status.build().getConditions().stream()
                .filter(c -> c.getType().equals(type.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no " + type + " condition for " + job.getMetadata().getName()));
    }
}
