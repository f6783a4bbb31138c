package dev.fovea.api.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.ObjectNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SageMaker's {@code resourceconfig.json}: this host's name, all host names ({@code algo-1} ... {@code algo-n}), and
 * Fovea's {@code host_addresses} from host name to the {@code dns:port} of its gradient exchange.
 *
 * <p>Port {@value #PORT_TO_BE_PUBLISHED} in an address means the port is not known yet: where every host shares one
 * machine (local mode, the e2e agent), each binds a free port, reports it in {@link ListeningPorts}, and waits until
 * its launcher has rewritten this file with every peer's port ({@link #withExchangePorts}). In a cluster every port
 * is {@link Ports#EXCHANGE} behind the job's DNS names and nothing waits.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceConfigFile(
        @JsonProperty("current_host") String currentHost,
        @JsonProperty("hosts") List<String> hosts,
        @JsonProperty("host_addresses") Map<String, String> hostAddresses) {

    /** The file's name under {@code input/config/}. */
    public static final String FILE_NAME = "resourceconfig.json";

    /** The port of an address whose real port the host's launcher publishes once the host has bound one. */
    public static final int PORT_TO_BE_PUBLISHED = 0;

    private static final ObjectMapper JSON = ContractJson.MAPPER;

    public ResourceConfigFile {
        if (hosts == null || hosts.isEmpty()) {
            throw new ContractException(FILE_NAME + ": hosts must list at least one host");
        }
        if (!hosts.contains(currentHost)) {
            throw new ContractException(FILE_NAME + ": current_host " + currentHost + " is not in hosts " + hosts);
        }
        hosts = List.copyOf(hosts);
        hostAddresses = hostAddresses == null ? Map.of() : Map.copyOf(hostAddresses);
    }

    /** The file host {@code index} of a Kubernetes job gets: every host addressed through the job's Service. */
    public static ResourceConfigFile forJobHost(String job, String namespace, int hostCount, int index) {
        List<String> hosts = new ArrayList<>();
        Map<String, String> addresses = new LinkedHashMap<>();
        for (int k = 0; k < hostCount; k++) {
            hosts.add(ObjectNames.hostName(k));
            addresses.put(ObjectNames.hostName(k), ObjectNames.hostDnsName(job, k, namespace) + ":" + Ports.EXCHANGE);
        }
        return new ResourceConfigFile(ObjectNames.hostName(index), hosts, addresses);
    }

    /** This host's 0-based rank: its index in {@code hosts}. Rank 0 writes checkpoints and speaks for the job. */
    public int rank() {
        return hosts.indexOf(currentHost);
    }

    /** The number of hosts in the gang. */
    public int hostCount() {
        return hosts.size();
    }

    /** The {@code dns:port} of {@code host}'s exchange, or {@code null} when the file does not say. */
    public String addressOf(String host) {
        return hostAddresses.get(host);
    }

    /** The hosts whose address still has port {@value #PORT_TO_BE_PUBLISHED}: their launcher has yet to publish it. */
    public List<String> hostsAwaitingPorts() {
        return hosts.stream()
                .filter(host -> {
                    String address = hostAddresses.get(host);
                    return address != null && address.endsWith(":" + PORT_TO_BE_PUBLISHED);
                })
                .toList();
    }

    /** A copy whose addresses carry {@code ports} (by host name) in place of the ports they had. */
    public ResourceConfigFile withExchangePorts(Map<String, Integer> ports) {
        Map<String, String> addresses = new LinkedHashMap<>(hostAddresses);
        ports.forEach((host, port) -> {
            String address = addresses.get(host);
            if (address == null) {
                throw new ContractException(FILE_NAME + ": no address of " + host + " to give port " + port);
            }
            int colon = address.lastIndexOf(':');
            addresses.put(host, (colon < 0 ? address : address.substring(0, colon)) + ":" + port);
        });
        return new ResourceConfigFile(currentHost, hosts, addresses);
    }

    /** A copy for another host of the same gang. */
    public ResourceConfigFile forHost(String host) {
        return new ResourceConfigFile(host, hosts, hostAddresses);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("strings and lists always serialise", e);
        }
    }

    /** Parses the file's JSON. */
    public static ResourceConfigFile fromJson(String json) {
        try {
            return JSON.readValue(json, ResourceConfigFile.class);
        } catch (IOException e) {
            if (e.getCause() instanceof ContractException contract) {
                throw contract;
            }
            throw new ContractException(FILE_NAME + " is not valid: " + e.getMessage(), e);
        }
    }

    public static ResourceConfigFile read(Path file) throws IOException {
        return fromJson(Files.readString(file));
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toJson());
    }
}
