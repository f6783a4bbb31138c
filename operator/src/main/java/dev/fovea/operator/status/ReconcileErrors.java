package dev.fovea.operator.status;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a reconcile that threw shows in the status: the {@code ReconcileError} condition with the error, so that a job
 * whose reconciles keep failing says why instead of looking stuck. A successful reconcile settles it again.
 */
public final class ReconcileErrors {

    private static final int MAX_ERROR_LENGTH = 1024;

    private ReconcileErrors() {}

    /**
     * The draft that shows {@code error} on {@code job}; empty for a write conflict, which only means another writer
     * was first and is retried at once on a fresh copy.
     */
    public static Optional<StatusDraft> draft(
            ImageClassificationJob job, Clock clock, Exception error, Optional<RetryInfo> retry) {
        if (error instanceof KubernetesClientException e && e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
            return Optional.empty();
        }
        boolean retriesLeft = retry.map(r -> !r.isLastAttempt()).orElse(true);
        return Optional.of(StatusDraft.of(job, clock)
                .raise(
                        ConditionType.ReconcileError,
                        ConditionReason.ReconcileFailed,
                        "Reconciling the job failed: " + describe(error)
                                + (retriesLeft
                                        ? "; the operator retries"
                                        : "; the operator stopped retrying and tries again when the job or one of"
                                                + " its objects changes")));
    }

    /** Settles the condition once a reconcile went through. */
    public static void settle(StatusDraft status) {
        status.settle(ConditionType.ReconcileError, ConditionReason.Reconciled, "The last reconcile succeeded");
    }

    /** One line per failed dependent, with the API server's answer where there is one; never a stack trace. */
    private static String describe(Throwable error) {
        String text = causes(error)
                .filter(AggregatedOperatorException.class::isInstance)
                .map(AggregatedOperatorException.class::cast)
                .filter(aggregated -> !aggregated.getAggregatedExceptions().isEmpty())
                .findFirst()
                .map(aggregated -> aggregated.getAggregatedExceptions().entrySet().stream()
                        .map(failed -> failed.getKey() + ": " + describeOne(failed.getValue()))
                        .collect(Collectors.joining("; ")))
                .orElseGet(() -> describeOne(error));
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "…";
    }

    /** The API server's answer if a client call failed, else the first line of the innermost message. */
    private static String describeOne(Throwable error) {
        Optional<String> answer = causes(error)
                .filter(KubernetesClientException.class::isInstance)
                .map(KubernetesClientException.class::cast)
                .filter(client -> client.getStatus() != null)
                .findFirst()
                .map(client -> "the API server answered " + client.getCode() + ": "
                        + client.getStatus().getMessage());
        Throwable innermost = causes(error).reduce((outer, inner) -> inner).orElse(error);
        String message = innermost.getMessage();
        return answer.orElse(
                message == null || message.isBlank()
                        ? innermost.getClass().getSimpleName()
                        : message.strip().lines().findFirst().orElse(""));
    }

    private static Stream<Throwable> causes(Throwable error) {
        return Stream.iterate(error, cause -> cause != null, Throwable::getCause);
    }
}
