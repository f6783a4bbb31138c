package dev.fovea.trainer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.trainer.train.EpochMetrics;
import dev.fovea.trainer.train.RunListener.Resume;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** What {@code GET /progress} and the termination message show as a resumed run goes on: the JSON on the wire. */
class ProgressBoardTest {

    private static final String NOTICE = "Resumed from the older checkpoint epoch-0003; skipped epoch-0004";

    private final ProgressBoard board = new ProgressBoard(10, 2);

    @Test
    void aResumedRunContinuesItsEpochsCheckpointAndBestAccuracy() {
        board.onResumed(new Resume("epoch-0003", 3, 120, 0.8));
        board.onCheckpointsSkipped(NOTICE);
        board.onTrainingBegin(null);
        board.onTrainingBatch(null, null);
        board.onTrainingBatch(null, null);

        assertThat(board.current().toJson())
                .isEqualTo("{\"epoch\":3,\"totalEpochs\":10,\"step\":2,\"lastCheckpoint\":\"epoch-0003\","
                        + "\"phase\":\"Training\",\"bestValidationAccuracy\":0.8,\"checkpointNotice\":\"" + NOTICE
                        + "\"}");
    }

    @Test
    void anEpochAndItsCheckpointReplaceTheMetricsAndKeepTheBestAccuracy() {
        board.onTrainingBegin(null);
        board.onEpochEnd(epoch(0, 0.9));
        board.onEpochEnd(epoch(1, 0.7));
        board.onCheckpointWritten(Path.of("/opt/ml/checkpoints/epoch-0002"));

        assertThat(board.current().toJson())
                .isEqualTo("{\"epoch\":2,\"totalEpochs\":10,\"step\":0,\"imagesPerSecond\":100.0,"
                        + "\"trainAccuracy\":0.95,\"validationAccuracy\":0.7,\"topKAccuracy\":0.99,\"loss\":0.25,"
                        + "\"lastCheckpoint\":\"epoch-0002\",\"phase\":\"Training\",\"bestValidationAccuracy\":0.9}");
    }

    @Test
    void theEndOfARunKeepsItsProgress() {
        board.onCheckpointsSkipped(NOTICE);
        board.onTrainingBegin(null);
        board.onEpochEnd(epoch(0, 0.9));
        board.succeeded("s3://bucket/output/model.tar.gz");

        assertThat(board.current().toJson())
                .isEqualTo("{\"epoch\":1,\"totalEpochs\":10,\"step\":0,\"imagesPerSecond\":100.0,"
                        + "\"trainAccuracy\":0.95,\"validationAccuracy\":0.9,\"topKAccuracy\":0.99,\"loss\":0.25,"
                        + "\"phase\":\"Succeeded\",\"bestValidationAccuracy\":0.9,"
                        + "\"modelArtifact\":\"s3://bucket/output/model.tar.gz\",\"checkpointNotice\":\"" + NOTICE
                        + "\"}");
        assertThat(board.failed().toJson()).contains("\"phase\":\"Failed\"", "\"epoch\":1", NOTICE);
    }

    @Test
    void aHostThatFailsBeforeItKnowsItsJobSaysOnlyThat() {
        assertThat(ProgressBoard.failedBeforeStart().toJson())
                .isEqualTo("{\"epoch\":0,\"step\":0,\"phase\":\"Failed\"}");
    }

    /** An epoch of 100 images in 2 s on this host, i.e. 100 images/s for the gang of two. */
    private static EpochMetrics epoch(int index, double validationAccuracy) {
        return new EpochMetrics(
                index,
                0.95,
                OptionalDouble.empty(),
                0.25,
                OptionalDouble.of(validationAccuracy),
                OptionalDouble.of(0.99),
                2.0,
                100);
    }
}
