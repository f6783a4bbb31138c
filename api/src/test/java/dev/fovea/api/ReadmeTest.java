package dev.fovea.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.hyperparameters.HyperParameterField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's hyperparameter table lists every hyperparameter with its SageMaker name and default. */
class ReadmeTest {

    @Test
    void everyHyperParameterHasARowWithItsSageMakerNameAndDefault() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("fovea.examples"), "..", "README.md"));

        for (HyperParameterField field : HyperParameterField.values()) {
            String rowStart = "| `" + field.camelCaseName() + "` | `" + field.sageMakerName() + "` |";
            assertThat(readme).as("README row of %s", field.camelCaseName()).contains(rowStart);
            String row = readme.substring(readme.indexOf(rowStart))
                    .lines()
                    .findFirst()
                    .orElseThrow();
            field.defaultValue()
                    .ifPresent(value -> assertThat(row.toLowerCase())
                            .as("default of %s in README", field.camelCaseName())
                            .contains("| " + value.toLowerCase()));
        }
    }
}
