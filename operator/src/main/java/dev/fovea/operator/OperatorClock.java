package dev.fovea.operator;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The clock behind every time the operator writes or decides on: status timestamps, events, the deadline and the TTL.
 * A bean, so that a test can give the operator another clock.
 */
@Singleton
public class OperatorClock {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
