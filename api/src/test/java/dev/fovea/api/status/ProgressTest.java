package dev.fovea.api.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final Progress progress = new Progress(
            3, 10, 120L, 850.5, 0.91, 0.89, 0.99, 0.31, "epoch-0003", TrainerPhase.Training, 0.9, null, null, null);

    @Test
    void roundTripsThroughJson() {
        assertThat(Progress.fromJson(progress.toJson())).isEqualTo(progress);
        assertThat(progress.toJson()).doesNotContain("modelArtifact").contains("\"phase\":\"Training\"");
    }

    @Test
    void aNewerTrainersFieldsAndPhasesAreIgnored() {
        Progress read = Progress.fromJson("{\"epoch\": 2, \"phase\": \"Warming\", \"gpuTemperature\": 71}");

        assertThat(read.epoch()).isEqualTo(2);
        assertThat(read.phase()).isNull();
    }

    @Test
    void fitsInATerminationMessage() {
        Progress done = new Progress(
                30,
                30,
                1_000_000L,
                12345.678,
                0.999,
                0.998,
                1.0,
                0.0001,
                "epoch-0030",
                TrainerPhase.Succeeded,
                0.998,
                "s3://bucket/some/long/prefix/model.tar.gz",
                null,
                null);

        assertThat(done.toJson().getBytes(StandardCharsets.UTF_8))
                .hasSizeLessThan(Progress.TERMINATION_MESSAGE_LIMIT_BYTES);
    }

    @Test
    void aFailureKeepsTheProgressAndFitsInATerminationMessageWhateverTheReason() {
        Progress failed = progress.failedWith("ClientError: " + "x".repeat(10_000));

        assertThat(failed.phase()).isEqualTo(TrainerPhase.Failed);
        assertThat(failed.epoch()).isEqualTo(3);
        assertThat(failed.failure()).startsWith("ClientError: ").hasSize(Progress.FAILURE_LIMIT_CHARS);
        assertThat(failed.toJson().getBytes(StandardCharsets.UTF_8))
                .hasSizeLessThan(Progress.TERMINATION_MESSAGE_LIMIT_BYTES);
        assertThat(Progress.fromJson(failed.toJson())).isEqualTo(failed);
    }

    @Test
    void somethingElseIsNotProgress() {
        assertThatThrownBy(() -> Progress.fromJson("OOMKilled")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusTakesWhatTheProgressKnows() {
        ImageClassificationJobStatus status = new ImageClassificationJobStatus();
        status.setModelArtifact("earlier");

        status.applyProgress(progress);

        assertThat(status.getEpoch()).isEqualTo(3);
        assertThat(status.getTotalEpochs()).isEqualTo(10);
        assertThat(status.getValidationAccuracy()).isEqualTo(0.89);
        assertThat(status.getLastCheckpoint()).isEqualTo("epoch-0003");
        assertThat(status.getModelArtifact())
                .as("kept: the progress does not know it")
                .isEqualTo("earlier");
    }
}
