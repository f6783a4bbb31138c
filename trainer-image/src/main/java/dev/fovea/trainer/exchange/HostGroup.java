package dev.fovea.trainer.exchange;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The gang as this host sees it: every host's name (SageMaker's {@code algo-k}) and exchange address
 * ({@code dns:port}), in rank order, and which of them is this host.
 *
 * @param hosts host names in rank order (rank 0 first)
 * @param addresses the {@code host:port} each host's exchange listens on, same order
 * @param rank this host's index into {@code hosts}
 */
public record HostGroup(List<String> hosts, List<String> addresses, int rank) {

    public HostGroup {
        hosts = List.copyOf(hosts);
        addresses = List.copyOf(addresses);
        if (hosts.isEmpty() || hosts.size() != addresses.size()) {
            throw new IllegalArgumentException(
                    "hosts " + hosts + " and addresses " + addresses + " must be non-empty and the same length");
        }
        if (rank < 0 || rank >= hosts.size()) {
            throw new IllegalArgumentException("rank " + rank + " is outside 0.." + (hosts.size() - 1));
        }
    }

    /**
     * Builds the group from {@code resourceconfig.json}'s fields.
     *
     * @throws IllegalArgumentException naming the field when the current host or an address is missing
     */
    public static HostGroup of(String currentHost, List<String> hosts, Map<String, String> hostAddresses) {
        int rank = hosts.indexOf(currentHost);
        if (rank < 0) {
            throw new IllegalArgumentException(
                    "resourceconfig.json: current_host '" + currentHost + "' is not one of hosts " + hosts);
        }
        List<String> addresses = hosts.stream()
                .map(host -> {
                    String address = hostAddresses == null ? null : hostAddresses.get(host);
                    if (address == null || address.isBlank()) {
                        throw new IllegalArgumentException(
                                "resourceconfig.json: host_addresses has no 'dns:port' entry for " + host
                                        + "; every host in " + hosts + " needs one");
                    }
                    return address;
                })
                .toList();
        return new HostGroup(hosts, addresses, rank);
    }

    public int size() {
        return hosts.size();
    }

    public String currentHost() {
        return hosts.get(rank);
    }

    /** "algo-2 (fovea-job-1.fovea-job-hosts.default.svc:9090)", for messages a person reads. */
    public String describe(int peer) {
        return hosts.get(peer) + " (" + addresses.get(peer) + ")";
    }

    /** The port in this host's own address, or {@code fallback} when the address carries none. */
    public int ownPort(int fallback) {
        return port(rank, fallback);
    }

    /** Where {@code peer} listens: its address's host, and its port or {@code fallbackPort} when it names none. */
    public InetSocketAddress socketAddress(int peer, int fallbackPort) {
        String address = addresses.get(peer);
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, port(peer, fallbackPort));
    }

    private int port(int host, int fallback) {
        String address = addresses.get(host);
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return fallback;
        }
        try {
            return Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("resourceconfig.json: host_addresses entry '" + address + "' for "
                    + hosts.get(host) + " must be 'dns:port' with a numeric port");
        }
    }

    public int next() {
        return (rank + 1) % size();
    }

    public int previous() {
        return (rank + size() - 1) % size();
    }
}
