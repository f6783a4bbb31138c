package dev.fovea.operator.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** {@code spec.ttlSecondsAfterFinished}: when a finished job is due for deletion. */
public final class TtlPolicy {

    private TtlPolicy() {}

    /**
     * @return empty when the job is kept forever, else how long until it is deleted (zero or negative: delete now)
     */
    public static Optional<Duration> untilDeletion(
            Optional<Instant> finishedAt, Integer ttlSecondsAfterFinished, Instant now) {
        if (ttlSecondsAfterFinished == null) {
            return Optional.empty();
        }
        return finishedAt.map(finished -> Duration.between(now, finished.plusSeconds(ttlSecondsAfterFinished)));
    }
}
