package dev.fovea.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.status.Progress;
import dev.fovea.api.status.TrainerPhase;
import dev.fovea.trainer.integrity.FileManifest;
import dev.fovea.trainer.publish.ModelDirectory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18's checkpoint failures, each as {@code fovea train} meets it after a restart: a newest checkpoint that is
 * damaged, cut short, emptied or half deleted is skipped with a warning naming the file and why, and the previous
 * intact one is resumed; one written for another network is never loaded into this one; a {@code state.json} that
 * no run could have written is not trusted; the best validation accuracy continues; with nothing intact the job
 * starts over and says so. ResNet-20 on 640 MNIST digits, two epochs with a checkpoint after each, trained once; every
 * test damages a copy of those checkpoints and runs the job again.
 */
class CheckpointIntegrityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRAIN_IMAGES = 640;

    @TempDir
    static Path template;

    private static Path trainedCheckpoints;
    private static Progress uninterrupted;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainTheJobOnce() throws IOException {
        MlRootFixture ml = slice(template, job(hp -> {}));
        TrainerRun run = TrainerRun.of(ml.environment());
        assertThat(run.exitCode()).as(run.log()).isZero();
        trainedCheckpoints = ml.root.checkpointsDir();
        uninterrupted = Progress.fromJson(Files.readString(template.resolve("ml/termination-log")));
        assertThat(trainedCheckpoints.resolve("epoch-0000")).isDirectory();
        assertThat(trainedCheckpoints.resolve("epoch-0001")).isDirectory();
    }

    /** The acceptance case: random bytes in the newest checkpoint, as issue 18 found them loaded into a NaN model. */
    @Test
    void aFewKilobytesOfRandomBytesInTheNewestCheckpointResumeThePreviousOneToTheSameAccuracy() throws Exception {
        MlRootFixture ml = restartedJob(job(hp -> {}));
        Path parameters = ml.root.checkpointsDir().resolve("epoch-0001/parameters.params");
        overwriteWithRandomBytes(parameters, Files.size(parameters) / 3, 4096);

        TrainerRun run = TrainerRun.of(ml.environment());

        assertThat(run.exitCode()).as(run.log()).isZero();
        assertThat(run.log())
                .contains("Skipping checkpoint " + ml.root.checkpointsDir().resolve("epoch-0001")
                        + ": parameters.params is damaged: its SHA-256 is ")
                .contains("Resuming at epoch 1 after ");
        Progress last = finalProgress(ml);
        assertThat(last.phase()).isEqualTo(TrainerPhase.Succeeded);
        assertThat(last.validationAccuracy())
                .as("an uninterrupted run reached %s", uninterrupted.validationAccuracy())
                .isCloseTo(uninterrupted.validationAccuracy(), within(0.01));
        assertThat(last.checkpointNotice())
                .startsWith("Resumed from the older checkpoint epoch-0000; skipped ")
                .contains("epoch-0001: parameters.params is damaged");
        FileManifest.verify(ml.root.checkpointsDir().resolve("epoch-0001"));
        assertThat(ModelDirectory.describe(ml.root.modelDir()).numClasses()).isEqualTo(10);
    }

    enum Damage {
        TRUNCATED("parameters.params", "parameters.params is truncated: "),
        DELETED("optimizer.state", "optimizer.state is missing"),
        EMPTIED("state.json", "state.json is empty: 0 bytes");

        final String file;
        final String reason;

        Damage(String file, String reason) {
            this.file = file;
            this.reason = reason;
        }

        void applyTo(Path file) throws IOException {
            switch (this) {
                case TRUNCATED ->
                    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (int) Files.size(file) / 2));
                case DELETED -> Files.delete(file);
                case EMPTIED -> Files.write(file, new byte[0]);
            }
        }
    }

    /** Once burned every retry on exit code 1 with messages ending in ": null", "-16" or an array size error. */
    @ParameterizedTest
    @EnumSource(Damage.class)
    void aCutShortDeletedOrEmptiedFileInTheNewestCheckpointFallsBackToThePreviousOne(Damage damage) throws Exception {
        MlRootFixture ml = restartedJob(job(hp -> {}));
        damage.applyTo(ml.root.checkpointsDir().resolve("epoch-0001").resolve(damage.file));

        TrainerRun run = TrainerRun.of(ml.environment());

        assertThat(run.exitCode()).as(run.log()).isZero();
        assertThat(run.log())
                .contains(
                        "Skipping checkpoint " + ml.root.checkpointsDir().resolve("epoch-0001") + ": " + damage.reason)
                .contains("Resuming at epoch 1 after ")
                .doesNotContain(": null")
                .doesNotContain("Requested array size");
        // the temporary folder's random name may hold "-16" itself
        assertThat(run.log().replace(ml.root.root().toString(), "<ml>")).doesNotContain("-16");
        assertThat(finalProgress(ml).epoch()).isEqualTo(2);
    }

    enum OtherNetwork {
        CLASSES(hp -> hp.setNumClasses(12), "it was written for numClasses 10; this job has numClasses 12"),
        LAYERS(hp -> hp.setNumLayers(32), "it was written for numLayers 20; this job has numLayers 32");

        final Consumer<HyperParameters> change;
        final String reason;

        OtherNetwork(Consumer<HyperParameters> change, String reason) {
            this.change = change;
            this.reason = reason;
        }
    }

    /**
     * Once loaded silently (12 classes in model.json, 10 outputs) or failed with "Unsupported encoding version". The
     * other values a checkpoint must match (image shape, optimizer, network family) are NetworkSignatureTest's.
     */
    @ParameterizedTest
    @EnumSource(OtherNetwork.class)
    void checkpointsWrittenForAnotherNetworkAreNeverLoadedAndTheJobStartsOver(OtherNetwork other) throws Exception {
        MlRootFixture ml = restartedJob(job(other.change.andThen(hp -> hp.setEpochs(1))));

        TrainerRun run = TrainerRun.of(ml.environment());

        assertThat(run.exitCode()).as(run.log()).isZero();
        assertThat(run.log())
                .contains("Skipping checkpoint " + ml.root.checkpointsDir().resolve("epoch-0001") + ": " + other.reason)
                .contains("Skipping checkpoint " + ml.root.checkpointsDir().resolve("epoch-0000") + ": " + other.reason)
                .contains("No intact checkpoint fits this job, so training started over from epoch 0")
                .contains("Epoch[0] Train-accuracy=")
                .doesNotContain("Unsupported encoding version");
        assertThat(finalProgress(ml).checkpointNotice())
                .startsWith("No intact checkpoint fits this job, so training started over from epoch 0; skipped ");
    }

    /** Once ended Succeeded with "epochs 999/3" and no training. */
    @Test
    void aStateNoRunOfThisJobCouldHaveWrittenIsNotTrusted() throws Exception {
        MlRootFixture ml = restartedJob(job(hp -> {}));
        rewriteState(ml.root.checkpointsDir().resolve("epoch-0001"), state -> state.put("nextEpoch", 999));

        TrainerRun run = TrainerRun.of(ml.environment());

        assertThat(run.exitCode()).as(run.log()).isZero();
        assertThat(run.log())
                .contains("state.json says the next epoch is 999, but this job has 2 epochs")
                .contains("Resuming at epoch 1 after ")
                .contains("Epoch[1] Train-accuracy=");
        Progress last = finalProgress(ml);
        assertThat(last.epoch()).isEqualTo(2);
        assertThat(last.totalEpochs()).isEqualTo(2);
    }

    /** Once reset on every resume: 93.10% reached the job's status where an earlier epoch had 96.20%. */
    @Test
    void theBestValidationAccuracyOfTheEpochsBeforeAResumeSurvivesIt() throws Exception {
        MlRootFixture ml = restartedJob(job(hp -> hp.setEpochs(3)));
        // an earlier epoch of this job was better than any the resumed run will reach
        rewriteState(
                ml.root.checkpointsDir().resolve("epoch-0001"), state -> state.put("bestValidationAccuracy", 0.999));

        TrainerRun run = TrainerRun.of(ml.environment());

        assertThat(run.exitCode()).as(run.log()).isZero();
        assertThat(run.log()).contains("Resuming at epoch 2 after ");
        Progress last = finalProgress(ml);
        assertThat(last.validationAccuracy()).isLessThan(0.999);
        assertThat(last.bestValidationAccuracy()).isEqualTo(0.999);
    }

    @Test
    void withNoIntactCheckpointTheJobStartsOverAndSaysSoInTheLogAndTheTerminationMessage() throws Exception {
        MlRootFixture ml = restartedJob(job(hp -> hp.setEpochs(1)));
        Files.delete(ml.root.checkpointsDir().resolve("epoch-0001").resolve(FileManifest.FILE_NAME));
        Path optimizer = ml.root.checkpointsDir().resolve("epoch-0000/optimizer.state");
        overwriteWithRandomBytes(optimizer, 0, 2048);

        TrainerRun run = TrainerRun.of(ml.environment());

        assertThat(run.exitCode()).as(run.log()).isZero();
        assertThat(run.log())
                .contains("epoch-0001: manifest.json is missing: the directory was not completely written")
                .contains("epoch-0000: optimizer.state is damaged")
                .contains("No intact checkpoint fits this job, so training started over from epoch 0");
        Progress last = finalProgress(ml);
        assertThat(last.phase()).isEqualTo(TrainerPhase.Succeeded);
        assertThat(last.checkpointNotice())
                .startsWith("No intact checkpoint fits this job, so training started over from epoch 0; skipped ")
                .contains("epoch-0001: manifest.json is missing")
                .contains("epoch-0000: optimizer.state is damaged");
    }

    /** The template job: ResNet-20 on the slice, two epochs, a checkpoint after each; {@code change} varies it. */
    private static HyperParameters job(Consumer<HyperParameters> change) {
        HyperParameters hp = MlRootFixture.mnistResNet20();
        hp.setNumTrainingSamples(TRAIN_IMAGES);
        hp.setCheckpointFrequency(1);
        hp.setLrSchedulerStep(null);
        change.accept(hp);
        return hp;
    }

    /** A fresh host of the job that finds the template's checkpoints on its volume, as after a gang restart. */
    private MlRootFixture restartedJob(HyperParameters hp) throws IOException {
        MlRootFixture ml = slice(tmp, hp);
        copyTree(trainedCheckpoints, ml.root.checkpointsDir());
        return ml;
    }

    /** The PNG digits of the MNIST fixture, listed to 640 training and 200 validation images. */
    private static MlRootFixture slice(Path directory, HyperParameters hp) throws IOException {
        Path lists = directory.resolve("lists");
        shortList("png/train_lst/train.lst", lists.resolve("train_lst/train.lst"), TRAIN_IMAGES);
        shortList("png/validation_lst/validation.lst", lists.resolve("validation_lst/validation.lst"), 200);
        return new MlRootFixture(directory.resolve("ml"))
                .channel(ChannelName.TRAIN, ContentType.IMAGE, MlRootFixture.MNIST.resolve("png/train"))
                .channel(ChannelName.TRAIN_LST, null, lists.resolve("train_lst"))
                .channel(ChannelName.VALIDATION, ContentType.IMAGE, MlRootFixture.MNIST.resolve("png/validation"))
                .channel(ChannelName.VALIDATION_LST, null, lists.resolve("validation_lst"))
                .write(hp);
    }

    private static void shortList(String source, Path target, int lines) throws IOException {
        List<String> kept;
        try (Stream<String> all = Files.lines(MlRootFixture.MNIST.resolve(source))) {
            kept = all.limit(lines).toList();
        }
        Files.createDirectories(target.getParent());
        Files.write(target, kept);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void overwriteWithRandomBytes(Path file, long offset, int count) throws IOException {
        byte[] noise = new byte[count];
        new Random(18).nextBytes(noise);
        try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "rw")) {
            open.seek(offset);
            open.write(noise);
        }
    }

    /** Changes {@code state.json} and writes the manifest again, so that only the state's own check can object. */
    private static void rewriteState(Path checkpoint, Consumer<ObjectNode> change) throws IOException {
        Path file = checkpoint.resolve("state.json");
        ObjectNode state = (ObjectNode) JSON.readTree(file.toFile());
        change.accept(state);
        JSON.writeValue(file.toFile(), state);
        FileManifest.write(checkpoint);
    }

    private static Progress finalProgress(MlRootFixture ml) throws IOException {
        return Progress.fromJson(Files.readString(ml.root.root().resolve("termination-log")));
    }
}
