package dev.fovea.trainer.rendezvous;

import dev.fovea.api.contract.ListeningPorts;
import dev.fovea.api.contract.MlRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Tells this host's launcher which ports its servers got ({@code output/ports.json}): the observe server's as soon as
 * it listens, then the exchange's. Where hosts share a machine every server binds port 0, and this file is how the
 * launcher finds them.
 */
public final class PortReport {

    private final Path file;
    private ListeningPorts ports;

    public PortReport(MlRoot root) {
        this.file = root.listeningPortsFile();
    }

    public synchronized void observe(int port) {
        write(ListeningPorts.observeOnly(port));
    }

    public synchronized void exchange(int port) {
        if (ports == null) {
            throw new IllegalStateException("the observe server reports its port before the exchange");
        }
        write(ports.withExchange(port));
    }

    private void write(ListeningPorts next) {
        try {
            next.write(file);
            ports = next;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot report this host's ports in " + file + ": " + e.getMessage(), e);
        }
    }
}
