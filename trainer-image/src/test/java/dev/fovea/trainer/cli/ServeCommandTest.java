package dev.fovea.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.trainer.data.MnistFixture;
import dev.fovea.trainer.inference.InferenceSettings;
import dev.fovea.trainer.inference.UntrainedModels;
import dev.fovea.trainer.inference.http.ServerSettings;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fovea serve} as the image's {@code serve} runs it: its own process, stopped with SIGTERM. */
class ServeCommandTest {

    private static final Pattern LISTENING = Pattern.compile("Listening on port (\\d+)");

    @TempDir
    Path temp;

    @Test
    void sigtermStopsAcceptingFinishesTheRequestInFlightAndExitsZero() throws Exception {
        Path model = UntrainedModels.digits(temp.resolve("model"), false);
        byte[] digit = Files.readAllBytes(MnistFixture.root().resolve("heldout/5-5997.png"));
        // to a file, not a pipe: the JDK drains a pipe when the process exits, and a reader blocked on it may miss
        // the last lines
        Path log = temp.resolve("serve.log");
        Process serve = new ProcessBuilder(command("serve", "--model-dir", model.toString(), "--port", "0"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            int bound = listeningPort(serve, log);
            awaitPing(bound);
            try (Socket inFlight = new Socket(InetAddress.getLoopbackAddress(), bound)) {
                OutputStream out = inFlight.getOutputStream();
                out.write(("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: "
                                + digit.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(Arrays.copyOf(digit, 20));
                out.flush();
                awaitInFlight(bound);

                serve.destroy(); // SIGTERM
                awaitRefused(bound);
                out.write(Arrays.copyOfRange(digit, 20, digit.length));
                out.flush();
                String answer = new String(inFlight.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 200");
            }
            assertThat(serve.waitFor(2, TimeUnit.MINUTES)).isTrue();
            String output = Files.readString(log);
            assertThat(serve.exitValue()).as(output).isZero();
            assertThat(output).contains("Stopping: no new connections").contains("Stopped");
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void aDirectoryWithoutAModelIsAClientError() {
        int exitCode = ServeCommand.serve(
                temp, InferenceSettings.defaults(), ServerSettings.defaults(0), new CountDownLatch(0));
        assertThat(exitCode).isEqualTo(2);
    }

    /** The same java and class path as this test, running the trainer container's entry point. */
    static List<String> command(String... args) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx1g",
                "-Dai.djl.offline=true",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                ContainerCommand.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** The port the server's log says it listens on. */
    private static int listeningPort(Process serve, Path log) throws Exception {
        for (int i = 0; i < 3000 && serve.isAlive(); i++) {
            Matcher listening = LISTENING.matcher(Files.readString(log));
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("fovea serve never said where it listens:\n" + Files.readString(log));
    }

    private static void awaitPing(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 3000; i++) {
            HttpResponse<String> ping = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (ping.statusCode() == 200) {
                return;
            }
            assertThat(ping.statusCode()).isEqualTo(503);
            Thread.sleep(100);
        }
        throw new AssertionError("fovea serve never became ready");
    }

    /** Waits until the server's metrics count the request in flight (so SIGTERM finds it there). */
    private static void awaitInFlight(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 3000; i++) {
            String metrics = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            // the scrape itself is in flight too
            if (metrics.contains("fovea_serve_in_flight_requests 2.0")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the request never counted as in flight");
    }

    private static void awaitRefused(int port) throws Exception {
        for (int i = 0; i < 6000; i++) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread.sleep(10);
            } catch (ConnectException e) {
                return;
            }
        }
        throw new AssertionError("fovea serve still accepts connections after SIGTERM");
    }
}
