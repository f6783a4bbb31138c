package dev.fovea.trainer.rendezvous;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.ContractException;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.ResourceConfigFile;
import dev.fovea.trainer.exchange.HostGroup;
import dev.fovea.trainer.exchange.PeerAddresses;
import dev.fovea.trainer.exchange.PeerLostException;
import dev.fovea.trainer.stop.StopRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's half of the port rendezvous ({@link ResourceConfigFile}): reports the exchange port it got, and, when
 * {@code resourceconfig.json} still has peers at port 0, waits until the launcher has rewritten it with their ports,
 * at most the startup timeout. With fixed ports (a cluster) it only reports.
 */
public final class LauncherRendezvous implements PeerAddresses {

    private static final Logger LOG = LoggerFactory.getLogger(LauncherRendezvous.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final MlRoot root;
    private final PortReport report;
    private final Duration timeout;
    private final StopRequest stop;

    public LauncherRendezvous(MlRoot root, PortReport report, Duration timeout, StopRequest stop) {
        this.root = root;
        this.report = report;
        this.timeout = timeout;
        this.stop = stop;
    }

    @Override
    public HostGroup afterBinding(HostGroup group, int boundPort) {
        report.exchange(boundPort);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> waiting = List.of();
        boolean logged = false;
        while (true) {
            stop.check("while waiting for the peers' ports");
            try {
                ResourceConfigFile config = ResourceConfigFile.read(root.resourceConfigFile());
                waiting = config.hostsAwaitingPorts().stream()
                        .filter(host -> !host.equals(config.currentHost()))
                        .toList();
                if (waiting.isEmpty()) {
                    return HostGroup.of(config.currentHost(), config.hosts(), config.hostAddresses());
                }
            } catch (IOException | ContractException partial) {
                // the launcher is rewriting the file in place: read it again
            }
            if (!logged) {
                LOG.info(
                        "Exchange listening on port {}; waiting for the launcher to publish the ports of {}",
                        boundPort,
                        waiting);
                logged = true;
            }
            if (System.nanoTime() > deadline) {
                throw new PeerLostException("the launcher did not publish the exchange ports of " + waiting + " in "
                        + root.resourceConfigFile() + " within " + timeout.toSeconds() + " s ("
                        + ContainerEnvironment.STARTUP_TIMEOUT_SECONDS + ")");
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerLostException("interrupted while waiting for the peers' ports", e);
            }
        }
    }
}
