package dev.fovea.trainer.cli;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.contract.Ports;
import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.inference.InferenceService;
import dev.fovea.trainer.inference.InferenceSettings;
import dev.fovea.trainer.inference.http.InferenceServer;
import dev.fovea.trainer.inference.http.ServeMetrics;
import dev.fovea.trainer.inference.http.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code fovea serve}: SageMaker's inference container contract, what the image's {@code serve} runs. Listens at
 * once ({@code GET /ping} answers 503 until the model is loaded and warmed up), then answers
 * {@code POST /invocations}. SIGTERM or Ctrl-C stops accepting, finishes the requests in flight and exits 0.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves a trained model over HTTP as a SageMaker inference container does: GET " + Ports.PING_PATH
                    + ", POST " + Ports.INVOCATIONS_PATH
                    + " (one JPEG or PNG image; answers the class probabilities), GET " + Ports.METRICS_PATH + ".",
            "Exit codes: 0 after a SIGTERM once the requests in flight are answered, 2 when the model or an option"
                    + " is unusable, 1 otherwise."
        })
public final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    private static final String PORT_OPTION = "--port";
    private static final String MAX_BODY_BYTES_OPTION = "--max-body-bytes";
    private static final String READ_TIMEOUT_SECONDS_OPTION = "--read-timeout-seconds";
    private static final String MAX_CONNECTIONS_OPTION = "--max-connections";
    private static final String SHUTDOWN_GRACE_SECONDS_OPTION = "--shutdown-grace-seconds";

    @Spec
    CommandSpec spec;

    @Mixin
    InferenceOptions inference;

    @Option(
            names = PORT_OPTION,
            defaultValue = "${env:" + ContainerEnvironment.SERVE_PORT + ":-" + ServerSettings.DEFAULT_PORT + "}",
            description = "Port to listen on (env " + ContainerEnvironment.SERVE_PORT + ", default ${DEFAULT-VALUE};"
                    + " 0 picks a free one).")
    int port;

    @Option(
            names = MAX_BODY_BYTES_OPTION,
            paramLabel = "BYTES",
            defaultValue = "${env:" + ContainerEnvironment.SERVE_MAX_BODY_BYTES + ":-"
                    + ServerSettings.DEFAULT_MAX_BODY_BYTES + "}",
            description = "Largest request body; larger ones are answered 413 (env "
                    + ContainerEnvironment.SERVE_MAX_BODY_BYTES + ", default ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(
            names = READ_TIMEOUT_SECONDS_OPTION,
            paramLabel = "S",
            defaultValue = "${env:" + ContainerEnvironment.SERVE_READ_TIMEOUT_SECONDS + ":-"
                    + ServerSettings.DEFAULT_READ_TIMEOUT_SECONDS + "}",
            description = "A request must arrive whole within this long of its headers (else 408), and an idle"
                    + " connection is closed after it (env " + ContainerEnvironment.SERVE_READ_TIMEOUT_SECONDS
                    + ", default ${DEFAULT-VALUE}).")
    long readTimeoutSeconds;

    @Option(
            names = MAX_CONNECTIONS_OPTION,
            paramLabel = "N",
            defaultValue = "${env:" + ContainerEnvironment.SERVE_MAX_CONNECTIONS + ":-"
                    + ServerSettings.DEFAULT_MAX_CONNECTIONS + "}",
            description = "Open connections beyond this are answered 503 and closed (env "
                    + ContainerEnvironment.SERVE_MAX_CONNECTIONS + ", default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(
            names = SHUTDOWN_GRACE_SECONDS_OPTION,
            paramLabel = "S",
            defaultValue = "${env:" + ContainerEnvironment.SERVE_SHUTDOWN_GRACE_SECONDS + ":-"
                    + ServerSettings.DEFAULT_SHUTDOWN_GRACE_SECONDS + "}",
            description = "How long a SIGTERM waits for the requests in flight (env "
                    + ContainerEnvironment.SERVE_SHUTDOWN_GRACE_SECONDS + ", default ${DEFAULT-VALUE}).")
    long shutdownGraceSeconds;

    @Override
    public Integer call() {
        System.setProperty("ai.djl.offline", "true");
        InferenceSettings settings;
        ServerSettings server;
        try {
            settings = inference.settings();
            server = serverSettings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        CountDownLatch stop = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), received -> stop.countDown());
        }
        return serve(inference.modelDirectory(), settings, server, stop);
    }

    /** The server's settings; an {@link IllegalArgumentException} names the first option out of range. */
    private ServerSettings serverSettings() {
        ServerSettings.PORT.check(OptionErrors.name(PORT_OPTION, ContainerEnvironment.SERVE_PORT), port);
        ServerSettings.MAX_BODY_BYTES.check(
                OptionErrors.name(MAX_BODY_BYTES_OPTION, ContainerEnvironment.SERVE_MAX_BODY_BYTES), maxBodyBytes);
        ServerSettings.READ_TIMEOUT_SECONDS.check(
                OptionErrors.name(READ_TIMEOUT_SECONDS_OPTION, ContainerEnvironment.SERVE_READ_TIMEOUT_SECONDS),
                readTimeoutSeconds);
        ServerSettings.MAX_CONNECTIONS.check(
                OptionErrors.name(MAX_CONNECTIONS_OPTION, ContainerEnvironment.SERVE_MAX_CONNECTIONS), maxConnections);
        ServerSettings.SHUTDOWN_GRACE_SECONDS.check(
                OptionErrors.name(SHUTDOWN_GRACE_SECONDS_OPTION, ContainerEnvironment.SERVE_SHUTDOWN_GRACE_SECONDS),
                shutdownGraceSeconds);
        return new ServerSettings(
                port,
                maxBodyBytes,
                Duration.ofSeconds(readTimeoutSeconds),
                maxConnections,
                Duration.ofSeconds(shutdownGraceSeconds));
    }

    /** Serves until {@code stop} opens; the exit code. */
    static int serve(Path modelDir, InferenceSettings settings, ServerSettings serverSettings, CountDownLatch stop) {
        ServeMetrics metrics = new ServeMetrics(settings.batchSizeCeiling());
        InferenceServer server;
        try {
            server = InferenceServer.start(serverSettings, metrics);
        } catch (IllegalStateException e) {
            LOG.error("fovea serve: {}", e.getMessage());
            return ExitCodes.CLIENT_ERROR;
        }
        try (InferenceService service = InferenceService.start(modelDir, settings, metrics)) {
            server.ready(service);
            LOG.info(
                    "Serving {} on port {}: POST {}, GET {}, GET {}",
                    modelDir,
                    server.port(),
                    Ports.INVOCATIONS_PATH,
                    Ports.PING_PATH,
                    Ports.METRICS_PATH);
            awaitStop(stop);
            LOG.info("Stopping: no new connections; finishing {} request(s) in flight", metrics.inFlight());
            boolean drained = server.shutdown();
            LOG.info("Stopped{}", drained ? "" : " before every request in flight was answered");
            return ExitCodes.SUCCESS;
        } catch (ClientError e) {
            LOG.error("fovea serve: {}", e.getMessage());
            return ExitCodes.CLIENT_ERROR;
        } finally {
            server.close();
        }
    }

    /** Waits for {@code stop}; an interrupt is taken as a stop too, and cleared so that the drain can wait. */
    private static void awaitStop(CountDownLatch stop) {
        try {
            stop.await();
        } catch (InterruptedException e) {
            LOG.warn("Interrupted while serving; stopping as on SIGTERM", e);
        }
    }
}
