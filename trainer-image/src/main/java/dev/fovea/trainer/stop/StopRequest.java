package dev.fovea.trainer.stop;

import dev.fovea.api.contract.ExitCodes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request to stop training: SIGTERM (pod deletion, preemption, eviction), SIGINT, or local mode's lifeline closing.
 * Training never stops inside libtorch: the training thread checks {@link #check} between steps and unwinds, closing
 * every native resource in order, and the trainer exits {@link ExitCodes#TERMINATED}. A training thread that does
 * not get there within {@link #INTERRUPT_AFTER} (it waits on a peer or on data) is interrupted; one still running
 * after {@link #GRACE} — within Kubernetes' default 30 s grace period — writes its last words and halts.
 */
public final class StopRequest {

    /** How long a clean stop may take before the process halts; Kubernetes kills it 30 s after SIGTERM by default. */
    public static final Duration GRACE = Duration.ofSeconds(20);
    /** When a training thread blocked in a wait is interrupted, so that the wait ends. */
    static final Duration INTERRUPT_AFTER = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(StopRequest.class);

    /** Why training stops and the exit code that says so. */
    public record Reason(String why, int exitCode) {}

    private final AtomicReference<Reason> reason = new AtomicReference<>();
    private final List<Runnable> lastWords = new CopyOnWriteArrayList<>();
    private final Duration interruptAfter;
    private final Duration grace;
    private volatile Thread trainingThread;

    public StopRequest() {
        this(INTERRUPT_AFTER, GRACE);
    }

    StopRequest(Duration interruptAfter, Duration grace) {
        this.interruptAfter = interruptAfter;
        this.grace = grace;
    }

    /** A request that is never made: for runs that nothing stops (tests, tools). */
    public static StopRequest never() {
        return new StopRequest();
    }

    /** The thread that trains: the one interrupted when it does not stop in time. */
    public StopRequest guard(Thread thread) {
        this.trainingThread = thread;
        return this;
    }

    /** Runs when the process halts without a clean stop: write what the operator must read (termination message). */
    public void onHalt(Runnable words) {
        lastWords.add(words);
    }

    /** Asks training to stop; the first request wins. Starts the watchdog that enforces the grace period. */
    public void request(String why, int exitCode) {
        if (reason.compareAndSet(null, new Reason(why, exitCode))) {
            LOG.warn("Stopping: {}; training stops after the current step", why);
            Thread.ofPlatform().daemon().name("fovea-stop-watchdog").start(this::enforceGrace);
        }
    }

    public Optional<Reason> reason() {
        return Optional.ofNullable(reason.get());
    }

    /**
     * Throws {@link TrainingStopped} when a stop was requested; call it only where no native work is in flight.
     *
     * @param where what was about to happen, for the message ("before batch 41 of epoch 2")
     */
    public void check(String where) {
        Reason requested = reason.get();
        if (requested != null) {
            throw new TrainingStopped(requested, where);
        }
    }

    private void enforceGrace() {
        try {
            Thread.sleep(interruptAfter);
            Thread thread = trainingThread;
            if (thread != null && thread.isAlive()) {
                LOG.warn("Training has not stopped after {} s; interrupting its wait", interruptAfter.toSeconds());
                thread.interrupt();
            }
            Thread.sleep(grace.minus(interruptAfter));
        } catch (InterruptedException e) {
            return;
        }
        Reason requested = reason.get();
        LOG.error("Training did not stop within {} s of the request; exiting without cleanup", grace.toSeconds());
        lastWords.forEach(words -> {
            try {
                words.run();
            } catch (RuntimeException e) {
                LOG.error("Could not write the last words: {}", e.getMessage());
            }
        });
        Runtime.getRuntime().halt(requested.exitCode());
    }
}
