package dev.fovea.e2e.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port that nobody listens on right now: only for the operator's HTTP port, which Quarkus binds once at
 * start. Trainers never get one: they bind port 0 and report the port they got ({@link GangRendezvous}).
 */
public final class FreePort {

    private FreePort() {}

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
