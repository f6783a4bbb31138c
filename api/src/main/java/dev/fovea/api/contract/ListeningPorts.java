package dev.fovea.api.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code output/ports.json}: the ports a trainer host's servers actually got, written as soon as they are bound. In
 * a cluster they are the fixed {@link Ports#OBSERVE} and {@link Ports#EXCHANGE}; where hosts share one machine
 * (local mode, the e2e agent) every server binds port 0, so no port is picked for a process to bind later, and the
 * launcher learns the ports from this file: rank 0's observe port for {@code /progress}, and every host's exchange
 * port, which it gives the peers through {@link ResourceConfigFile#withExchangePorts}.
 *
 * @param observe the port of {@code /metrics} and {@code /progress}
 * @param exchange the gradient exchange's port; null for a single host, which has none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListeningPorts(
        @JsonProperty("observe") int observe,
        @JsonProperty("exchange") Integer exchange) {

    /** The file's name under {@code output/}. */
    public static final String FILE_NAME = "ports.json";

    /** Only the observe server is bound (yet). */
    public static ListeningPorts observeOnly(int observe) {
        return new ListeningPorts(observe, null);
    }

    public ListeningPorts withExchange(int port) {
        return new ListeningPorts(observe, port);
    }

    /** Whether every server a host of a gang of {@code hostCount} runs has reported: one host has no exchange. */
    public boolean completeFor(int hostCount) {
        return hostCount == 1 || exchange != null;
    }

    /** Writes the file whole or not at all (a temporary file renamed over it), so a reader never sees half of it. */
    public void write(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path partial = Files.createTempFile(folder, "." + FILE_NAME, ".partial");
        try {
            Files.writeString(partial, ContractJson.MAPPER.writeValueAsString(this));
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The ports in {@code file}; empty until the host has written it. */
    public static Optional<ListeningPorts> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(ContractJson.MAPPER.readValue(file.toFile(), ListeningPorts.class));
    }
}
