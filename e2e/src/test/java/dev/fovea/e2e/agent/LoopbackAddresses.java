package dev.fovea.e2e.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for cluster DNS: host {@code k} of a job, {@code <job>-<k>.<job>-hosts.<ns>.svc}, becomes a loopback
 * port of its own (one for the exchange, one for progress), since all local pods share one network namespace.
 */
final class LoopbackAddresses {

    /** A host's two loopback ports. */
    record HostPorts(int exchange, int observe) {}

    private static final Pattern HOST_ADDRESS = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?)-(\\d+)\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.([a-z0-9-]+)\\.svc"
                    + "(\\.cluster\\.local)?(:\\d+)?");

    private final Map<String, HostPorts> ports = new ConcurrentHashMap<>();

    /** The ports of host {@code index} of {@code job} in {@code namespace}; the same on every call. */
    HostPorts portsOf(String namespace, String job, int index) {
        return ports.computeIfAbsent(
                namespace + "/" + job + "/" + index, key -> new HostPorts(FreePort.next(), FreePort.next()));
    }

    /** Replaces every {@code <job>-<k>.<service>.<ns>.svc[:port]} in {@code text} with its loopback exchange port. */
    String rewrite(String text) {
        Matcher matcher = HOST_ADDRESS.matcher(text);
        StringBuilder rewritten = new StringBuilder();
        while (matcher.find()) {
            String job = matcher.group(1);
            int index = Integer.parseInt(matcher.group(3));
            String namespace = matcher.group(6);
            String replacement = "127.0.0.1:" + portsOf(namespace, job, index).exchange();
            matcher.appendReplacement(rewritten, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(rewritten);
        return rewritten.toString();
    }
}
