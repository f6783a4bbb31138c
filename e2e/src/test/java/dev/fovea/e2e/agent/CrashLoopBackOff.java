package dev.fovea.e2e.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet's CrashLoopBackOff for a Deployment's pods: after a pod's container fails, its replacement waits 10 s,
 * doubling with each further failure up to 5 minutes, until a pod becomes ready. A model that cannot load is then
 * retried a few times, not started over and over as fast as the machine allows.
 */
final class CrashLoopBackOff {

    private static final Duration FIRST = Duration.ofSeconds(10);
    private static final Duration LONGEST = Duration.ofMinutes(5);

    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();

    void failed(String owner) {
        int count = failures.merge(owner, 1, Integer::sum);
        Duration delay = FIRST.multipliedBy(1L << Math.min(count - 1, 5));
        notBefore.put(owner, Instant.now().plus(delay.compareTo(LONGEST) > 0 ? LONGEST : delay));
    }

    void ready(String owner) {
        failures.remove(owner);
        notBefore.remove(owner);
    }

    boolean mayStart(String owner) {
        Instant after = notBefore.get(owner);
        return after == null || !Instant.now().isBefore(after);
    }

    void retainAll(Set<String> owners) {
        failures.keySet().retainAll(owners);
        notBefore.keySet().retainAll(owners);
    }
}
