package dev.fovea.trainer.inference.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.trainer.data.MnistFixture;
import dev.fovea.trainer.inference.InferenceSettings;
import dev.fovea.trainer.inference.UntrainedModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client can send that is not a well-formed image request, each against a running server: every case gets a
 * 4xx (or 503) with a message, and afterwards the server still answers {@code /ping} and classifies a real digit.
 */
class HostileInputTest {

    private static final long MAX_BODY = 64 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    static Path models;

    private static ServerHarness server;
    private static byte[] digit;

    @BeforeAll
    static void start() throws IOException {
        digit = Files.readAllBytes(MnistFixture.root().resolve("heldout/7-6609.png"));
        server = ServerHarness.start(
                UntrainedModels.digits(models.resolve("model"), false),
                InferenceSettings.defaults(),
                ServerHarness.settings(MAX_BODY, READ_TIMEOUT, 256));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** After every case: the server is up and classifies a real digit. */
    @AfterEach
    void serverStillServes() throws Exception {
        assertThat(server.get("/ping").statusCode()).isEqualTo(200);
        HttpResponse<String> answer = server.invoke(digit, "image/png", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void anUnsupportedContentTypeIs415NamingTheAcceptedOnes() throws Exception {
        for (String type : new String[] {"text/plain", "application/json", "image/gif"}) {
            HttpResponse<String> answer = server.invoke(digit, type, null);
            assertThat(answer.statusCode()).as(type).isEqualTo(415);
            assertThat(answer.body()).contains(type).contains("image/png").contains("image/jpeg");
        }
        try (RawConnection raw = new RawConnection(server.port())) {
            String answer = raw.send("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
                    .readUntilClosed();
            assertThat(answer).startsWith("HTTP/1.1 415").contains("Content-Type 'null'");
        }
    }

    @Test
    void anUndecodableImageIs400() throws Exception {
        HttpResponse<String> answer = server.invoke("not an image".getBytes(StandardCharsets.UTF_8), "image/png", null);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("not a JPEG or PNG image");
    }

    @Test
    void aTruncatedPngOrJpegIs400() throws Exception {
        byte[] png = Arrays.copyOf(digit, digit.length / 2);
        assertThat(server.invoke(png, "image/png", null).statusCode()).isEqualTo(400);
        byte[] jpeg = Files.readAllBytes(jpegDigit());
        HttpResponse<String> truncated = server.invoke(Arrays.copyOf(jpeg, jpeg.length / 2), "image/jpeg", null);
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(truncated.body()).contains("truncated or corrupt");
        assertThat(server.invoke(jpeg, "image/jpeg", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413WithoutBeingRead() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            String answer = raw.send("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                            + "Content-Length: " + (MAX_BODY + 1) + "\r\n\r\n")
                    .readUntilClosed();
            assertThat(answer).startsWith("HTTP/1.1 413").contains(Long.toString(MAX_BODY));
        }
        try (RawConnection raw = new RawConnection(server.port())) {
            StringBuilder chunked = new StringBuilder(
                    "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "x".repeat(16 * 1024);
            for (int i = 0; i < 5; i++) {
                chunked.append(Integer.toHexString(chunk.length()))
                        .append("\r\n")
                        .append(chunk)
                        .append("\r\n");
            }
            String answer = raw.send(chunked.toString()).readUntilClosed();
            assertThat(answer).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() throws Exception {
        byte[] bomb = pngDeclaring(30_000, 30_000);
        assertThat(bomb.length).isLessThan(2048);
        HttpResponse<String> answer = server.invoke(bomb, "image/png", null);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("30000x30000").contains("not decoded");
        assertThat(server.service.pixels().availablePixels())
                .isEqualTo(server.service.pixels().budgetPixels());
    }

    @Test
    void aSlowSenderIsCutOffWhileOthersAreServed() throws Exception {
        try (RawConnection slow = new RawConnection(server.port());
                RawConnection dripping = new RawConnection(server.port())) {
            slow.send("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: "
                            + digit.length + "\r\n\r\n")
                    .send(Arrays.copyOf(digit, 10));
            dripping.send("POST /invoc");
            for (int i = 0; i < 5; i++) {
                assertThat(server.invoke(digit, "image/png", null).statusCode()).isEqualTo(200);
            }
            String answer = slow.readUntilClosed();
            assertThat(answer).startsWith("HTTP/1.1 408").contains("read timeout");
            assertThat(dripping.closedByServer()).isTrue();
        }
    }

    @Test
    void manyConcurrentClientsAreAllAnswered() throws Exception {
        int clients = 32;
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < clients * 4; i++) {
                answers.add(pool.submit(
                        () -> server.invoke(digit, "image/png", null).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        }
    }

    @Test
    void wrongPathsMethodsAcceptHeadersAndMalformedRequestsAreRefused() throws Exception {
        assertThat(server.get("/nope").statusCode()).isEqualTo(404);
        assertThat(server.get("/invocations").statusCode()).isEqualTo(405);
        assertThat(server.invoke(digit, "image/png", "text/csv").statusCode()).isEqualTo(406);
        assertThat(server.invoke(digit, "image/png", "application/json;q=0").statusCode())
                .isEqualTo(406);
        assertThat(server.invoke(digit, "image/png", "application/json;q=0, */*")
                        .body())
                .startsWith("{\"prediction\":");
        assertThat(server.invoke(new byte[0], "image/png", null).statusCode()).isEqualTo(400);
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.send("GARBAGE\r\n\r\n").readUntilClosed()).startsWith("HTTP/1.1 400");
        }
        try (RawConnection raw = new RawConnection(server.port())) {
            String hugeHeader = "GET /ping HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n";
            assertThat(raw.send(hugeHeader).readUntilClosed()).startsWith("HTTP/1.1 4");
        }
    }

    /**
     * Only invocations have a place in the body budget: a body sent anywhere else is refused from the headers, before
     * a byte of it is read (a server waiting for these bodies would answer 408 after the read timeout instead).
     */
    @Test
    void aBodyOnAnotherPathOrMethodIsRefusedUnread() throws Exception {
        String[][] cases = {
            {"POST /nope", "Content-Length: " + MAX_BODY, "404"},
            {"POST /ping", "Content-Length: " + MAX_BODY, "405"},
            {"GET /invocations", "Content-Length: " + MAX_BODY, "405"},
            {"PUT /metrics", "Transfer-Encoding: chunked", "405"},
        };
        for (String[] request : cases) {
            try (RawConnection raw = new RawConnection(server.port())) {
                String answer = raw.send(request[0] + " HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n" + request[1]
                                + "\r\n\r\n")
                        .readUntilClosed();
                assertThat(answer)
                        .as(request[0])
                        .startsWith("HTTP/1.1 " + request[2])
                        .contains("connection: close");
            }
        }
    }

    /** A digit as a JPEG (ImageIO's encoder), written to the temporary folder. */
    private static Path jpegDigit() throws IOException {
        Path file = models.resolve("digit.jpg");
        if (!Files.exists(file)) {
            var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(digit));
            var rgb = new java.awt.image.BufferedImage(112, 112, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
            rgb.getGraphics().drawImage(image, 0, 0, 112, 112, null);
            javax.imageio.ImageIO.write(rgb, "jpg", file.toFile());
        }
        return file;
    }

    /** A valid PNG header declaring {@code width × height} gray pixels, followed by a few bytes of image data. */
    static byte[] pngDeclaring(int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 0);
        chunk(png, "IHDR", header.put((byte) 0).put((byte) 0).put((byte) 0).array());
        ByteArrayOutputStream zeros = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(zeros, new Deflater(9))) {
            deflate.write(new byte[64 * 1024]);
        }
        chunk(png, "IDAT", zeros.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        png.write(typeBytes);
        png.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
