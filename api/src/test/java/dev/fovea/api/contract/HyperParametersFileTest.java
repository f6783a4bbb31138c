package dev.fovea.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.hyperparameters.HyperParameterDefaults;
import dev.fovea.api.hyperparameters.InvalidHyperParametersException;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import dev.fovea.api.hyperparameters.SageMakerForm;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hyperparameters.json}: written in SageMaker's form, read back as written, loaded once into resolved values. */
class HyperParametersFileTest {

    @Test
    void hyperparametersJsonRoundTrips(@TempDir Path dir) throws IOException {
        HyperParameters written = HyperParameterDefaults.applyTo(SageMakerForm.parse(Map.of(
                "num_classes",
                "10",
                "num_training_samples",
                "60000",
                "num_layers",
                "20",
                "image_shape",
                "1,28,28",
                "lr_scheduler_step",
                "3",
                "kv_store",
                "dist_sync",
                "augmentation_type",
                "crop",
                "resize",
                "32")));
        Path file = dir.resolve("input/config").resolve(HyperParametersFile.FILE_NAME);

        HyperParametersFile.write(file, written);

        assertThat(new ObjectMapper().readTree(file.toFile()).properties())
                .as("every value a string, as on SageMaker")
                .allSatisfy(entry -> assertThat(entry.getValue().isTextual()).isTrue());
        assertThat(Files.readString(file)).contains("\"num_layers\" : \"20\"", "\"early_stopping\" : \"False\"");
        assertThat(HyperParametersFile.load(file)).isEqualTo(ResolvedHyperParameters.resolve(written));
    }

    @Test
    void unquotedValuesWrittenByHandAreReadAsText(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(HyperParametersFile.FILE_NAME);
        Files.writeString(file, "{\"num_classes\": 10, \"num_training_samples\": \"100\", \"early_stopping\": true}");

        ResolvedHyperParameters loaded = HyperParametersFile.load(file);

        assertThat(loaded.numClasses()).isEqualTo(10);
        assertThat(loaded.earlyStopping()).isTrue();
    }

    @Test
    void loadRejectsBrokenRulesWithEveryViolation(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(HyperParametersFile.FILE_NAME);
        Files.writeString(
                file,
                "{\"num_classes\": \"10\", \"num_training_samples\": \"100\", "
                        + "\"num_layers\": \"19\", \"top_k\": \"1\"}");

        assertThatThrownBy(() -> HyperParametersFile.load(file))
                .isInstanceOfSatisfying(
                        InvalidHyperParametersException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::field)
                                .containsExactlyInAnyOrder("num_layers", "top_k"))
                .hasMessageContaining("num_layers 19 is not one of 18, 34, 50, 101, 152, 200 (ImageNet) "
                        + "or 20, 32, 44, 56, 110 (CIFAR)");
    }
}
