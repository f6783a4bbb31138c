package dev.fovea.e2e.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The TCP ports a container's processes listen on, read from Linux's {@code /proc}: the sockets among the processes'
 * open files, matched with the listening entries of {@code net/tcp} and {@code net/tcp6}. Pods on this machine share
 * one network, so a server binds port 0 and the agent learns the port it got from here, as a Service learns a pod's
 * address from its status: no port is picked and released for the process to bind later.
 */
public final class BoundPorts {

    /** {@code st} of a listening socket in {@code /proc/net/tcp}. */
    private static final String LISTEN = "0A";

    private BoundPorts() {}

    /** The ports {@code process} or any of its descendants (a runtime's monitor's container) listen on. */
    public static Set<Integer> of(Process process) {
        Set<String> sockets = new HashSet<>();
        Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .forEach(handle -> sockets.addAll(socketInodes(handle.pid())));
        Set<Integer> ports = new TreeSet<>();
        if (sockets.isEmpty()) {
            return ports;
        }
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(process.pid()), "net", table);
            try {
                for (String line : Files.readAllLines(file).stream().skip(1).toList()) {
                    String[] fields = line.strip().split("\\s+");
                    if (fields.length > 9 && fields[3].equals(LISTEN) && sockets.contains(fields[9])) {
                        String local = fields[1];
                        ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended meanwhile: it listens on nothing
            }
        }
        return ports;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path file : files) {
                try {
                    String target = Files.readSymbolicLink(file).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closed) {
                    // closed between listing and reading
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
        return inodes;
    }
}
