package dev.fovea.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fovea.api.contract.HyperParametersFile;
import dev.fovea.api.contract.InputDataConfigFile;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.ResourceConfigFile;
import dev.fovea.api.hyperparameters.ResolvedHyperParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The job's contract files under {@code input/config/}, each read once and checked: the resolved hyperparameters, the
 * channels and this host's place in the gang (one host, {@code algo-1}, when {@code resourceconfig.json} is absent).
 */
public record JobConfig(
        ResolvedHyperParameters hyperParameters, InputDataConfigFile channels, ResourceConfigFile resources) {

    /**
     * Reads the files under {@code root}.
     *
     * @throws ClientError when a file is missing or is not JSON
     * @throws dev.fovea.api.hyperparameters.InvalidHyperParametersException when a hyperparameter breaks a rule
     */
    public static JobConfig read(MlRoot root) {
        try {
            Path hyperParameters = root.hyperParametersFile();
            if (!Files.isRegularFile(hyperParameters)) {
                throw new ClientError(hyperParameters + " is missing; the job needs its hyperparameters");
            }
            ResolvedHyperParameters hp = HyperParametersFile.load(hyperParameters);
            if (!Files.isRegularFile(root.inputDataConfigFile())) {
                throw new ClientError(root.inputDataConfigFile() + " is missing; the job needs its channels");
            }
            InputDataConfigFile channels = InputDataConfigFile.read(root.inputDataConfigFile());
            ResourceConfigFile resources = Files.isRegularFile(root.resourceConfigFile())
                    ? ResourceConfigFile.read(root.resourceConfigFile())
                    : new ResourceConfigFile("algo-1", List.of("algo-1"), null);
            return new JobConfig(hp, channels, resources);
        } catch (JsonProcessingException e) {
            throw new ClientError(
                    "A configuration file in " + root.configDir() + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read the job's configuration in " + root.configDir() + ": " + e.getMessage(), e);
        }
    }

    /** Whether this host is rank 0, the one that writes checkpoints and the model. */
    public boolean rankZero() {
        return resources.rank() == 0;
    }
}
