package dev.fovea.trainer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers tests start, picked below the kernel's ephemeral range. A test picks a port and its server
 * binds it a moment later; a port from the ephemeral range ({@code new ServerSocket(0)}'s) can be taken in between as
 * the local port of any outgoing connection, such as a previous test's trainer still retrying a peer that never
 * answers. On a busy CI machine a trainer once exited 1 instead of 3 that way. Below the range only a listener can
 * take a port.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LINUX_DEFAULT_EPHEMERAL_START = 32_768;
    private static final int FIRST_UNPRIVILEGED = 1_024;
    private static final int WINDOW = 8_000;
    private static final int ATTEMPTS = 1_000;

    /** Ports handed out in this JVM: two picks for one test's hosts must never be the same port. */
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A port nothing is bound to now, on any address, just below the ephemeral range and never handed out before. */
    public static int pick() {
        int end = Math.max(ephemeralRangeStart(), FIRST_UNPRIVILEGED + WINDOW);
        int start = end - WINDOW;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(start, end);
            if (!GIVEN.contains(port) && bindable(port) && GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + start + " and " + end + " after " + ATTEMPTS
                + " tries; " + GIVEN.size() + " handed out already");
    }

    /** Binds the wildcard address without SO_REUSEADDR, so a port any address listens on, or lingers in, fails. */
    private static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralRangeStart() {
        try { // by lines: readString trusts the size 0 /proc reports and returns a truncated "3"
            return Integer.parseInt(
                    Files.readAllLines(EPHEMERAL_RANGE).getFirst().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unreadable) { // not Linux, or /proc hidden from the sandbox
            return LINUX_DEFAULT_EPHEMERAL_START;
        }
    }
}
