package dev.fovea.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.ConditionType;
import dev.fovea.operator.Jobs;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcileErrorsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aFailedDependentIsNamedWithTheApiServersAnswerNotAStackTrace() {
        Exception error = new OperatorException(new AggregatedOperatorException(
                "Exception(s) during workflow execution.", Map.of("token", apiError(500, "etcdserver: timed out"))));

        Condition condition = shown(error, retry(2, false));

        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("ReconcileFailed");
        assertThat(condition.getMessage())
                .isEqualTo("Reconciling the job failed: token: the API server answered 500: etcdserver: timed out; "
                        + "the operator retries");
    }

    @Test
    void theLastRetrySaysTheOperatorStoppedRetrying() {
        assertThat(shown(new IllegalStateException("first line\nsecond line"), retry(10, true))
                        .getMessage())
                .isEqualTo("Reconciling the job failed: first line; the operator stopped retrying and tries again "
                        + "when the job or one of its objects changes");
    }

    @Test
    void aWriteConflictIsNotShown() {
        assertThat(ReconcileErrors.draft(job(), CLOCK, apiError(409, "the object has been modified"), Optional.empty()))
                .isEmpty();
    }

    private static Condition shown(Exception error, RetryInfo retry) {
        return ReconcileErrors.draft(job(), CLOCK, error, Optional.of(retry))
                .flatMap(draft -> StatusDraft.condition(draft.build(), ConditionType.ReconcileError))
                .orElseThrow();
    }

    private static ImageClassificationJob job() {
        ImageClassificationJob job = Jobs.valid("stuck", 1);
        job.getMetadata().setGeneration(1L);
        return job;
    }

    private static KubernetesClientException apiError(int code, String message) {
        return new KubernetesClientException(
                new StatusBuilder().withCode(code).withMessage(message).build());
    }

    private static RetryInfo retry(int attempt, boolean last) {
        return new RetryInfo() {
            @Override
            public int getAttemptCount() {
                return attempt;
            }

            @Override
            public boolean isLastAttempt() {
                return last;
            }
        };
    }
}
