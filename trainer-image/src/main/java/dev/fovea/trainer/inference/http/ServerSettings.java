package dev.fovea.trainer.inference.http;

import dev.fovea.api.contract.Ports;
import dev.fovea.api.contract.ServingLimits;
import dev.fovea.api.contract.ServingShutdown;
import dev.fovea.trainer.inference.SettingRange;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

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

    public static final SettingRange PORT = new SettingRange(0, 65_535);
    public static final SettingRange MAX_BODY_BYTES = new SettingRange(1, ServingLimits.MAX_BODY_BYTES);
    /** At most an hour. */
    public static final SettingRange READ_TIMEOUT_SECONDS = new SettingRange(1, 3600);

    public static final SettingRange MAX_CONNECTIONS = new SettingRange(1, 65_536);
    /** At most an hour; a pod's terminationGracePeriodSeconds must cover it ({@link ServingShutdown}). */
    public static final SettingRange SHUTDOWN_GRACE_SECONDS = new SettingRange(0, 3600);

    public ServerSettings {
        PORT.check("port", port);
        MAX_BODY_BYTES.check("max body bytes", maxBodyBytes);
        READ_TIMEOUT_SECONDS.check("read timeout", readTimeout, ChronoUnit.SECONDS);
        MAX_CONNECTIONS.check("max connections", maxConnections);
        SHUTDOWN_GRACE_SECONDS.check("shutdown grace", shutdownGrace, ChronoUnit.SECONDS);
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
