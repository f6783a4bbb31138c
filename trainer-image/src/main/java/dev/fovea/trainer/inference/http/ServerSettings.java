package dev.fovea.trainer.inference.http;

import dev.fovea.api.contract.Ports;
import dev.fovea.api.contract.ServingShutdown;
import java.time.Duration;

/**
 * The HTTP side of {@code fovea serve}; each default is declared here once.
 *
 * @param port where to listen ({@link #DEFAULT_PORT} unless SageMaker's {@code SAGEMAKER_BIND_TO_PORT} names
 *     another; 0 picks a free port)
 * @param maxBodyBytes the largest request body; a larger one is answered 413 without being read
 * @param readTimeout how long a request may take to arrive whole from its first byte, and how long an idle
 *     connection stays open
 * @param maxConnections open connections beyond this are answered 503 and closed
 * @param shutdownGrace how long a SIGTERM waits for the requests in flight before closing
 */
public record ServerSettings(
        int port, long maxBodyBytes, Duration readTimeout, int maxConnections, Duration shutdownGrace) {

    public static final int DEFAULT_PORT = Ports.INFERENCE;

    /** SageMaker's limit on a real-time request's payload: 6 MB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 6L * 1024 * 1024;

    public static final int DEFAULT_READ_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = ServingShutdown.DEFAULT_GRACE_SECONDS;

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " must be in [0, 65535]");
        }
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("max body bytes " + maxBodyBytes + " must be in [1, 2^31 - 1]");
        }
        if (!readTimeout.isPositive() || maxConnections < 1 || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("read timeout " + readTimeout + " and max connections " + maxConnections
                    + " must be positive, shutdown grace " + shutdownGrace + " not negative");
        }
    }

    public static ServerSettings defaults(int port) {
        return new ServerSettings(
                port,
                DEFAULT_MAX_BODY_BYTES,
                Duration.ofSeconds(DEFAULT_READ_TIMEOUT_SECONDS),
                DEFAULT_MAX_CONNECTIONS,
                Duration.ofSeconds(DEFAULT_SHUTDOWN_GRACE_SECONDS));
    }
}
