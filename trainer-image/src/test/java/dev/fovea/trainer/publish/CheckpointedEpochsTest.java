package dev.fovea.trainer.publish;

import static dev.fovea.trainer.DigitsJobs.digits;
import static dev.fovea.trainer.DigitsJobs.train;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.trainer.DigitsJobs;
import dev.fovea.trainer.integrity.FileManifest;
import dev.fovea.trainer.model.sagemaker.SageMakerModelFiles;
import dev.fovea.trainer.model.sagemaker.SageMakerModelReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model.tar.gz holds each checkpointed epoch's parameters when checkpoint_frequency is set, as SageMaker's does. */
class CheckpointedEpochsTest {

    @TempDir
    Path tmp;

    @Test
    void aSetCheckpointFrequencyPutsEachCheckpointedEpochAndTheLastIntoTheModel() throws IOException {
        HyperParameters hp = digits(20, 3, 0.1);
        hp.setCheckpointFrequency(2);
        MlRoot job = DigitsJobs.job(tmp.resolve("every-2"), hp, null);

        train(job);

        assertThat(entries(job.outputDir().resolve(ModelArchive.FILE_NAME)))
                .containsExactlyInAnyOrder(
                        SageMakerModelFiles.SYMBOL,
                        SageMakerModelFiles.SHAPES,
                        ModelDirectory.DESCRIPTION_FILE,
                        FileManifest.FILE_NAME,
                        SageMakerModelFiles.parameters(2),
                        SageMakerModelFiles.parameters(3));
        ModelDirectory.verify(job.modelDir());
        assertThat(SageMakerModelReader.read(job.modelDir()).epoch())
                .as("the model is the last epoch")
                .isEqualTo(3);
    }

    @Test
    void withoutACheckpointFrequencyTheModelHoldsTheBestEpochOnly() throws IOException {
        MlRoot job = DigitsJobs.job(tmp.resolve("best"), digits(20, 3, 0.1), null);

        train(job);

        List<String> parameters = entries(job.outputDir().resolve(ModelArchive.FILE_NAME)).stream()
                .filter(name -> SageMakerModelFiles.epochOf(name).isPresent())
                .toList();
        assertThat(parameters).hasSize(1);
        assertThat(job.checkpointsDir().resolve(CheckpointedEpochs.FOLDER)).doesNotExist();
    }

    private static List<String> entries(Path tarball) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream file = Files.newInputStream(tarball);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
