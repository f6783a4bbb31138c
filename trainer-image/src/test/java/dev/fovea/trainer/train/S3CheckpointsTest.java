package dev.fovea.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.s3.S3ProxyServer;
import dev.fovea.trainer.train.TrainingRun.RunResult;
import dev.fovea.trainer.train.checkpoint.CheckpointMirror;
import dev.fovea.trainer.train.checkpoint.S3CheckpointMirror;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code checkpointConfig.s3} against a real S3 API (S3Proxy on loopback): the writing host uploads each checkpoint,
 * manifest last; a restart onto fresh local disks downloads the newest complete copy and continues with the same
 * weights and optimizer state as a run that was never interrupted (SGD momentum: without the restored state the
 * weights would differ).
 */
class S3CheckpointsTest {

    private static final String BUCKET = "checkpoints";
    private static S3ProxyServer s3;
    private static Map<String, float[]> uninterrupted;

    @TempDir
    Path tmp;

    private Map<String, String> env;

    @BeforeAll
    static void startS3AndTrainWithoutInterruption(@TempDir Path local) throws Exception {
        s3 = S3ProxyServer.start(BUCKET);
        try (TinyTraining job = new TinyTraining(1)) {
            new TrainingRun(job.settings(6, local, 1).build()).run();
            uninterrupted = job.weights();
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void threeEpochsUploaded() {
        String prefix = "s3://" + BUCKET + "/" + tmp.getFileName() + "/";
        env = new HashMap<>();
        s3.environment().forEach((name, value) -> env.put(ContainerEnvironment.checkpointS3(name), value));
        env.put(ContainerEnvironment.CHECKPOINT_S3_URI, prefix);
        try (TinyTraining firstAttempt = new TinyTraining(1)) {
            new TrainingRun(firstAttempt
                            .settings(3, tmp.resolve("first-disk"), 1)
                            .optCheckpointMirror(mirror())
                            .build())
                    .run();
        }
    }

    @Test
    void eachCheckpointIsUploadedWithItsManifestAndOnlyTheNewestAreKept() {
        assertThat(keys())
                .containsExactlyInAnyOrder(
                        key("epoch-0000/exchange.state"),
                        key("epoch-0000/manifest.json"),
                        key("epoch-0000/optimizer.state"),
                        key("epoch-0000/parameters.params"),
                        key("epoch-0000/state.json"),
                        key("epoch-0001/exchange.state"),
                        key("epoch-0001/manifest.json"),
                        key("epoch-0001/optimizer.state"),
                        key("epoch-0001/parameters.params"),
                        key("epoch-0001/state.json"),
                        key("epoch-0002/exchange.state"),
                        key("epoch-0002/manifest.json"),
                        key("epoch-0002/optimizer.state"),
                        key("epoch-0002/parameters.params"),
                        key("epoch-0002/state.json"));
        assertThat(mirror().orElseThrow().completeEpochs()).containsExactly(2, 1, 0);
    }

    @Test
    void everyHostOfARestartedGangResumesFromS3OntoAFreshDiskWithTheSameState() {
        // the host that does not write first: the writing one uploads newer checkpoints as it goes
        for (boolean writes : List.of(false, true)) {
            Path freshDisk = tmp.resolve("fresh-disk-" + writes);
            try (TinyTraining restarted = new TinyTraining(99)) {
                RunResult result = new TrainingRun(restarted
                                .settings(6, freshDisk, 1)
                                .setCheckpoints(freshDisk, writes, java.util.OptionalInt.of(1))
                                .optCheckpointMirror(mirror())
                                .build())
                        .run();

                assertThat(result.firstEpoch()).as("writes: %s", writes).isEqualTo(3);
                assertThat(freshDisk.resolve(writes ? "epoch-0005" : "epoch-0002"))
                        .as("the downloaded checkpoint, or the writing host's own newest")
                        .isDirectory();
                assertSameWeights(restarted.weights(), uninterrupted);
            }
        }
        assertThat(mirror().orElseThrow().completeEpochs())
                .as("the writing host went on uploading")
                .containsExactly(5, 4, 3);
    }

    @Test
    void aHalfUploadedCheckpointIsNeverTaken() {
        try (S3Client client = s3.client()) {
            client.deleteObject(delete -> delete.bucket(BUCKET).key(key("epoch-0002/manifest.json")));
        }

        assertThat(resumeOnAFreshDisk()).isEqualTo(2);
    }

    @Test
    void aDamagedCopyIsSkippedForTheNewestIntactOne() {
        List<String> warnings = new ArrayList<>();
        try (S3Client client = s3.client()) {
            client.putObject(
                    put -> put.bucket(BUCKET).key(key("epoch-0002/parameters.params")),
                    RequestBody.fromBytes(new byte[] {1, 2, 3}));
        }
        Path freshDisk = tmp.resolve("fresh-disk");
        try (TinyTraining restarted = new TinyTraining(99)) {
            RunResult result = new TrainingRun(restarted
                            .settings(4, freshDisk, 1)
                            .optCheckpointMirror(mirror())
                            .addRunListener(new RunListener() {
                                @Override
                                public void onCheckpointsSkipped(String notice) {
                                    warnings.add(notice);
                                }
                            })
                            .build())
                    .run();
            assertThat(result.firstEpoch()).isEqualTo(2);
        }
        assertThat(warnings)
                .singleElement()
                .asString()
                .startsWith("Resumed from the older checkpoint epoch-0001; skipped " + prefix() + "epoch-0002: "
                        + "parameters.params is truncated: 3 bytes");
    }

    @Test
    void aNewerCheckpointOnTheLocalDiskIsUsedWithoutDownloading() {
        Path disk = tmp.resolve("first-disk");
        try (S3Client client = s3.client()) {
            client.deleteObject(delete -> delete.bucket(BUCKET).key(key("epoch-0002/manifest.json")));
        }
        try (TinyTraining restarted = new TinyTraining(99)) {
            RunResult result = new TrainingRun(restarted
                            .settings(6, disk, 1)
                            .optCheckpointMirror(mirror())
                            .build())
                    .run();
            assertThat(result.firstEpoch()).isEqualTo(3);
            assertSameWeights(restarted.weights(), uninterrupted);
        }
    }

    private int resumeOnAFreshDisk() {
        try (TinyTraining restarted = new TinyTraining(99)) {
            return new TrainingRun(restarted
                            .settings(3, tmp.resolve("fresh-disk"), 1)
                            .optCheckpointMirror(mirror())
                            .build())
                    .run()
                    .firstEpoch();
        }
    }

    private Optional<CheckpointMirror> mirror() {
        return S3CheckpointMirror.fromEnvironment(env);
    }

    private String prefix() {
        return env.get(ContainerEnvironment.CHECKPOINT_S3_URI);
    }

    private String key(String relative) {
        return tmp.getFileName() + "/" + relative;
    }

    private List<String> keys() {
        try (S3Client client = s3.client()) {
            return client
                    .listObjectsV2Paginator(list -> list.bucket(BUCKET).prefix(tmp.getFileName() + "/"))
                    .contents()
                    .stream()
                    .map(S3Object::key)
                    .toList();
        }
    }

    private static void assertSameWeights(Map<String, float[]> actual, Map<String, float[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        actual.forEach((name, values) -> {
            float[] wanted = expected.get(name);
            for (int i = 0; i < values.length; i++) {
                assertThat(values[i]).as("%s[%d]", name, i).isCloseTo(wanted[i], within(1e-6f));
            }
        });
    }
}
