package dev.fovea.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.contract.ExitCodes;
import dev.fovea.api.contract.FetchCommandLine;
import dev.fovea.trainer.s3.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code fovea fetch}, what the operator's init container runs, against a real S3 API (S3Proxy): a prefix copied whole
 * (FullyReplicated) or shared out by key (ShardedByS3Key, a {@code .rec} with its {@code .idx}), and an augmented
 * manifest with the images its {@code s3://} references name.
 */
class FetchCommandTest {

    private static final String DATA = "datasets";
    private static final String IMAGES = "images";
    private static final List<String> RECORD_KEYS = List.of(
            "mnist/train/part-0.rec",
            "mnist/train/part-0.idx",
            "mnist/train/part-1.rec",
            "mnist/train/part-1.idx",
            "mnist/train/part-2.rec",
            "mnist/train/more/part-3.rec");

    private static S3ProxyServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void upload() throws Exception {
        server = S3ProxyServer.start(DATA, IMAGES);
        try (S3Client s3 = server.client()) {
            for (String key : RECORD_KEYS) {
                put(s3, DATA, key, key);
            }
            StringBuilder manifest = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                put(s3, IMAGES, "digits/" + i + ".png", "png " + i);
                manifest.append("{\"source-ref\": \"s3://images/digits/")
                        .append(i)
                        .append(".png\", \"class\": ")
                        .append(i)
                        .append("}\n");
            }
            put(s3, DATA, "manifests/train.manifest", manifest.toString());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aFullyReplicatedPrefixArrivesWholeAtTheKeysBelowIt() throws IOException {
        Path channel = dir.resolve("train");

        assertThat(fetch("s3://datasets/mnist/train/", channel)).isEqualTo(ExitCodes.SUCCESS);

        assertThat(files(channel))
                .containsExactlyInAnyOrder(
                        "part-0.rec", "part-0.idx", "part-1.rec", "part-1.idx", "part-2.rec", "more/part-3.rec");
        assertThat(Files.readString(channel.resolve("more/part-3.rec"))).isEqualTo("mnist/train/more/part-3.rec");
    }

    @Test
    void hostsShardedByKeyFetchDisjointSharesThatTogetherAreTheWholePrefix() throws IOException {
        List<Set<String>> shares = new ArrayList<>();
        for (int host = 0; host < 2; host++) {
            Path channel = dir.resolve("host-" + host);
            assertThat(fetch(
                            "s3://datasets/mnist/train/",
                            channel,
                            FetchCommandLine.HOST_INDEX,
                            "" + host,
                            FetchCommandLine.HOST_COUNT,
                            "2"))
                    .isEqualTo(ExitCodes.SUCCESS);
            shares.add(files(channel));
        }

        assertThat(shares.get(0)).doesNotContainAnyElementsOf(shares.get(1));
        Set<String> union = new HashSet<>(shares.get(0));
        union.addAll(shares.get(1));
        assertThat(union).hasSize(RECORD_KEYS.size());
        for (Set<String> share : shares) {
            share.stream()
                    .filter(file -> file.endsWith(".idx"))
                    .forEach(idx -> assertThat(share)
                            .as("an index travels with its records")
                            .contains(idx.replace(".idx", ".rec")));
        }
    }

    @Test
    void anAugmentedManifestBringsTheImagesItsLinesName() throws IOException {
        List<List<String>> lines = new ArrayList<>();
        for (int host = 0; host < 2; host++) {
            Path channel = dir.resolve("host-" + host);
            assertThat(fetch(
                            "s3://datasets/manifests/train.manifest",
                            channel,
                            FetchCommandLine.MANIFEST_IMAGE_ATTRIBUTE,
                            "source-ref",
                            FetchCommandLine.HOST_INDEX,
                            "" + host,
                            FetchCommandLine.HOST_COUNT,
                            "2"))
                    .isEqualTo(ExitCodes.SUCCESS);
            List<String> mine = Files.readAllLines(channel.resolve("train.manifest"));
            lines.add(mine);
            assertThat(files(channel)).hasSize(mine.size() + 1);
            for (String line : mine) {
                int digit = Integer.parseInt(line.replaceAll(".*\"class\": (\\d+).*", "$1"));
                assertThat(Files.readString(channel.resolve("images/digits/" + digit + ".png")))
                        .isEqualTo("png " + digit);
            }
        }
        assertThat(lines.get(0)).hasSize(3);
        assertThat(lines.get(1)).hasSize(2);
    }

    @Test
    void aMissingBucketOrAnEmptyPrefixIsAClientError() {
        assertThat(fetch("s3://no-such-bucket/train/", dir.resolve("a"))).isEqualTo(ExitCodes.CLIENT_ERROR);
        assertThat(fetch("s3://datasets/nothing/here/", dir.resolve("b"))).isEqualTo(ExitCodes.CLIENT_ERROR);
        assertThat(fetch("https://datasets/train/", dir.resolve("c"))).isEqualTo(ExitCodes.CLIENT_ERROR);
        assertThat(dir.resolve("a")).doesNotExist();
    }

    private static int fetch(String uri, Path folder, String... more) {
        List<String> args = new ArrayList<>(List.of(FetchCommandLine.URI, uri, FetchCommandLine.TO, folder.toString()));
        args.addAll(List.of(more));
        return new CommandLine(new FetchCommand(server.environment())).execute(args.toArray(String[]::new));
    }

    private static Set<String> files(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return new HashSet<>(walk.filter(Files::isRegularFile)
                    .map(file -> folder.relativize(file).toString())
                    .toList());
        }
    }

    private static void put(S3Client s3, String bucket, String key, String content) {
        s3.putObject(
                request -> request.bucket(bucket).key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }
}
