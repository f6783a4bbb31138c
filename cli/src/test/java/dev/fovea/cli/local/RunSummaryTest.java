package dev.fovea.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.status.Progress;
import dev.fovea.api.status.TrainerPhase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    private static final Progress FINAL = new Progress(
            4,
            4,
            78L,
            412.5,
            0.9766,
            0.984,
            1.0,
            0.0783,
            "epoch-0003",
            TrainerPhase.Succeeded,
            0.984,
            "/opt/ml/model",
            null,
            null);

    @Test
    void aSucceededRunShowsWhatTheOperatorWritesIntoStatus() {
        String text = RunSummary.succeeded("mnist", FINAL, Path.of("/work/.fovea/mnist/algo-1/model"))
                .render();

        assertThat(text)
                .containsPattern("phase:\\s+Succeeded")
                .containsPattern("epochs:\\s+4/4")
                .containsPattern("validation accuracy:\\s+98\\.40%")
                .containsPattern("train accuracy:\\s+97\\.66%")
                .containsPattern("images/s:\\s+412\\.5")
                .containsPattern("last checkpoint:\\s+epoch-0003")
                .containsPattern("model:\\s+/work/.fovea/mnist/algo-1/model");
    }

    @Test
    void aFailedRunShowsTheHostsReasonAndNoModel() {
        String text = RunSummary.failed("mnist", null, "ClientError: label 12 of record 7 is not below num_classes 10")
                .render();

        assertThat(text)
                .containsPattern("phase:\\s+Failed")
                .contains("ClientError: label 12 of record 7 is not below num_classes 10")
                .doesNotContain("model:");
    }

    @Test
    void theProgressLineShowsStepThroughputAndAccuracies() {
        assertThat(ProgressDisplay.describe(FINAL)).isEqualTo("step 78, 413 img/s, train 97.66%, val 98.40%");
        assertThat(ProgressDisplay.describe(Progress.starting(4))).isEqualTo("step 0, - img/s, train -, val -");
    }
}
