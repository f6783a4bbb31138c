package dev.fovea.trainer.exchange.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A flood of refusals costs one line per reason and interval, and the line says how many it stands for. */
class RefusalLogTest {

    private static final Duration INTERVAL = Duration.ofSeconds(60);

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final RefusalLog log = new RefusalLog(lines::add, INTERVAL, now::get);

    @Test
    void theFirstRefusalOfEachReasonIsLoggedAtOnceAndTheRestAreCounted() {
        for (int i = 1; i <= 500; i++) {
            log.refused("wrong token", "refused caller " + i);
            log.refused("no handshake", "silent caller " + i);
        }
        log.flush();

        assertThat(lines).containsExactly("refused caller 1", "silent caller 1");

        now.addAndGet(INTERVAL.toNanos());
        log.flush();

        assertThat(lines)
                .containsExactly(
                        "refused caller 1",
                        "silent caller 1",
                        "499 more like it in the last 60 s, not logged one by one; the last: refused caller 500",
                        "499 more like it in the last 60 s, not logged one by one; the last: silent caller 500");
    }

    @Test
    void aRefusalAfterAQuietIntervalIsLoggedAtOnceWithTheCountItWasHolding() {
        log.refused("wrong token", "first");
        log.refused("wrong token", "second");
        now.addAndGet(INTERVAL.toNanos());
        log.refused("wrong token", "third");
        now.addAndGet(INTERVAL.toNanos());
        log.refused("wrong token", "fourth");

        assertThat(lines)
                .containsExactly("first", "third (1 more like it in the last 60 s, not logged one by one)", "fourth");
    }
}
