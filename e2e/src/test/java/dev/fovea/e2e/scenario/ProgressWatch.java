package dev.fovea.e2e.scenario;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Waits for a job to get somewhere without betting on the machine's speed. It gives up only when the job has shown no
 * progress at all — no new phase, condition, epoch, checkpoint, restart or pod — for {@link #STALL}, or after
 * {@link #TOTAL}: a busy machine makes a scenario slower, never red, while a job that is stuck fails with what it
 * showed last.
 */
final class ProgressWatch {

    /** Longer than one epoch of the MNIST example on two cores shared with two CPU-bound processes. */
    static final Duration STALL = Duration.ofMinutes(20);
    /** A ceiling for the whole wait, far beyond any run that is making progress. */
    static final Duration TOTAL = Duration.ofHours(2);

    private static final Duration POLL = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final String namespace;

    ProgressWatch(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Returns once {@code reached} holds; {@code what} says what was awaited when it never does. */
    void until(String job, String what, BooleanSupplier reached) {
        Instant start = Instant.now();
        Instant lastProgress = start;
        String seen = signature(job);
        while (!reached.getAsBoolean()) {
            Instant now = Instant.now();
            String current = signature(job);
            if (!current.equals(seen)) {
                seen = current;
                lastProgress = now;
            }
            if (Duration.between(lastProgress, now).compareTo(STALL) > 0
                    || Duration.between(start, now).compareTo(TOTAL) > 0) {
                throw new AssertionError(job + " did not get to " + what + " within "
                        + Duration.between(start, now).toSeconds() + " s; no progress for "
                        + Duration.between(lastProgress, now).toSeconds() + " s; it last showed " + current);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + job + " to get to " + what, e);
            }
        }
    }

    /** Everything a working job changes sooner or later: its status and its pods. */
    private String signature(String job) {
        ImageClassificationJob resource = client.resources(ImageClassificationJob.class)
                .inNamespace(namespace)
                .withName(job)
                .get();
        String status = resource == null || resource.getStatus() == null
                ? "no status"
                : "phase " + resource.getStatus().getPhase() + ", epoch "
                        + resource.getStatus().getEpoch()
                        + ", checkpoint " + resource.getStatus().getLastCheckpoint() + ", restarts "
                        + resource.getStatus().getRestarts() + ", conditions "
                        + resource.getStatus().getConditions().stream()
                                .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                                .collect(Collectors.joining(" "));
        String pods =
                client
                        .pods()
                        .inNamespace(namespace)
                        .withLabel(ObjectNames.JOB_NAME_LABEL, job)
                        .list()
                        .getItems()
                        .stream()
                        .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                        .map(ProgressWatch::describe)
                        .collect(Collectors.joining(" "));
        return status + "; pods [" + pods + "]";
    }

    private static String describe(Pod pod) {
        return pod.getMetadata().getName() + "/" + pod.getMetadata().getUid() + "="
                + (pod.getStatus() == null ? "?" : pod.getStatus().getPhase());
    }
}
