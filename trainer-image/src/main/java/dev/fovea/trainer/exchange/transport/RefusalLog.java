package dev.fovea.trainer.exchange.transport;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warnings about callers the exchange port turns away: a wrong or missing token, a malformed handshake, no
 * handshake in time. Anyone who can reach the port can cause them, so each reason is logged at once the first time,
 * then at most once per {@link #INTERVAL} in a line that counts the refusals it stands for: a flood of bad
 * connections cannot fill the log.
 */
final class RefusalLog {

    static final Duration INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

    /** One reason's refusals since its last line. */
    private static final class Window {
        long opened;
        int held;
        String last;
    }

    private final Consumer<String> sink;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new HashMap<>();

    RefusalLog() {
        this(LOG::warn, INTERVAL, System::nanoTime);
    }

    RefusalLog(Consumer<String> sink, Duration interval, LongSupplier clock) {
        this.sink = sink;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /**
     * Records one refusal: {@code reason} groups it with its kind (say "wrong token"), {@code line} says what was
     * refused from whom, and never holds a secret.
     */
    synchronized void refused(String reason, String line) {
        long now = clock.getAsLong();
        Window window = windows.get(reason);
        if (window == null) {
            window = new Window();
            windows.put(reason, window);
        } else if (now - window.opened < intervalNanos) {
            window.held++;
            window.last = line;
            return;
        }
        sink.accept(window.held == 0 ? line : line + " (" + held(window) + ")");
        window.opened = now;
        window.held = 0;
    }

    /** Writes the count of refusals held back for a full interval; call it now and then. */
    synchronized void flush() {
        long now = clock.getAsLong();
        for (Window window : windows.values()) {
            if (window.held > 0 && now - window.opened >= intervalNanos) {
                sink.accept(held(window) + "; the last: " + window.last);
                window.opened = now;
                window.held = 0;
            }
        }
    }

    private String held(Window window) {
        return window.held + " more like it in the last "
                + Duration.ofNanos(intervalNanos).toSeconds() + " s, not logged one by one";
    }
}
