package dev.fovea.e2e.agent;

import dev.fovea.api.contract.ResourceConfigFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for cluster DNS: host {@code k} of a job, {@code <job>-<k>.<job>-hosts.<ns>.svc[:port]}, becomes
 * {@code 127.0.0.1:0}, since all local pods share one network namespace and each binds a free port, which the
 * {@link GangRendezvous} publishes once the host has reported it.
 */
final class LoopbackAddresses {

    private static final Pattern HOST_ADDRESS = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?)-(\\d+)\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.([a-z0-9-]+)\\.svc"
                    + "(\\.cluster\\.local)?(:\\d+)?");
    private static final String LOOPBACK = "127.0.0.1";

    /** Where the pods listen. */
    String listenAddress() {
        return LOOPBACK;
    }

    /** Replaces every {@code <job>-<k>.<service>.<ns>.svc[:port]} in {@code text} with a loopback port to be published. */
    String rewrite(String text) {
        Matcher matcher = HOST_ADDRESS.matcher(text);
        return matcher.replaceAll(Matcher.quoteReplacement(LOOPBACK + ":" + ResourceConfigFile.PORT_TO_BE_PUBLISHED));
    }
}
