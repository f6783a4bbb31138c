package dev.fovea.cli.local;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.ContractException;
import dev.fovea.api.contract.ListeningPorts;
import dev.fovea.api.contract.ResourceConfigFile;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher's half of the port rendezvous ({@link ResourceConfigFile}): waits until every host has bound its
 * servers and reported their ports ({@link ListeningPorts}), then rewrites every host's {@code resourceconfig.json}
 * with the peers' exchange ports. Nothing picks a port for a host to bind later, so nothing else can take it.
 */
final class PortRendezvous {

    /** The trainers' own bound on their wait for the peers, {@code FOVEA_STARTUP_TIMEOUT_SECONDS}' default. */
    static final Duration TIMEOUT = Duration.ofSeconds(300);

    private static final Duration POLL = Duration.ofMillis(100);

    private final LocalLayout layout;
    private final LoopbackHosts hosts;

    PortRendezvous(LocalLayout layout, LoopbackHosts hosts) {
        this.layout = layout;
        this.hosts = hosts;
    }

    /**
     * Waits for every host's ports and publishes them; empty when a host exited first (the gang reports why).
     *
     * @return the ports of each host, in rank order
     * @throws IllegalStateException when the hosts are still running without ports after {@link #TIMEOUT}
     */
    Optional<List<ListeningPorts>> await(List<HostProcess> processes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            if (processes.stream().anyMatch(process -> !process.isAlive())) {
                return Optional.empty();
            }
            Optional<List<ListeningPorts>> all = reported();
            if (all.isPresent()) {
                publish(all.get());
                return all;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hosts did not report their ports in "
                        + layout.host(0).listeningPortsFile() + " (and the other hosts') within "
                        + TIMEOUT.toSeconds() + " s (" + ContainerEnvironment.STARTUP_TIMEOUT_SECONDS + ")");
            }
            Thread.sleep(POLL);
        }
    }

    private Optional<List<ListeningPorts>> reported() throws IOException {
        List<ListeningPorts> all = new java.util.ArrayList<>();
        for (int k = 0; k < hosts.count(); k++) {
            Optional<ListeningPorts> ports = ListeningPorts.read(layout.host(k).listeningPortsFile());
            if (ports.isEmpty() || !ports.get().completeFor(hosts.count())) {
                return Optional.empty();
            }
            all.add(ports.get());
        }
        return Optional.of(all);
    }

    private void publish(List<ListeningPorts> ports) throws IOException {
        if (hosts.count() == 1) {
            return;
        }
        Map<String, Integer> exchange = new LinkedHashMap<>();
        for (int k = 0; k < hosts.count(); k++) {
            exchange.put(hosts.names().get(k), ports.get(k).exchange());
        }
        for (int k = 0; k < hosts.count(); k++) {
            try {
                hosts.resourceConfig(k)
                        .withExchangePorts(exchange)
                        .write(layout.host(k).resourceConfigFile());
            } catch (ContractException e) {
                throw new IllegalStateException("cannot publish the ports " + exchange + ": " + e.getMessage(), e);
            }
        }
    }
}
