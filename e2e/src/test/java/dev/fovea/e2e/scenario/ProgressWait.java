package dev.fovea.e2e.scenario;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Waits for a condition for as long as the system makes progress, not for a fixed time: the wait fails only when
 * nothing has moved (the job's status, the trainers' logs) for {@link #STALL}, or after the far {@link #CEILING}. A
 * busy machine makes the scenarios slower, never red.
 */
final class ProgressWait {

    /** How long nothing may move before the scenario counts as stuck: longer than any quiet stretch of a healthy run. */
    static final Duration STALL = Duration.ofMinutes(5);
    /** The last resort, for a run that moves but never gets there. */
    static final Duration CEILING = Duration.ofMinutes(60);

    private static final Duration POLL = Duration.ofSeconds(1);

    private ProgressWait() {}

    /**
     * Returns once {@code condition} holds.
     *
     * @param progress a snapshot of everything that moves while the job runs; any change counts as progress
     * @throws AssertionError naming {@code what} and the last snapshot when the job stalled or the ceiling passed
     */
    static void until(String what, Callable<Boolean> condition, Supplier<?> progress) throws Exception {
        long start = System.nanoTime();
        long lastMove = start;
        Object seen = progress.get();
        while (!Boolean.TRUE.equals(condition.call())) {
            long now = System.nanoTime();
            Object current = progress.get();
            if (!Objects.equals(current, seen)) {
                seen = current;
                lastMove = now;
            }
            if (now - lastMove > STALL.toNanos()) {
                throw new AssertionError("waiting for " + what + ": nothing moved for " + STALL.toMinutes()
                        + " minutes; last seen " + seen);
            }
            if (now - start > CEILING.toNanos()) {
                throw new AssertionError("waiting for " + what + ": not there after " + CEILING.toMinutes()
                        + " minutes; last seen " + seen);
            }
            Thread.sleep(POLL);
        }
    }
}
