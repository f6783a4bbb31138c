package dev.fovea.trainer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.status.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationMessageTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheFinalProgressWhereItIsTold() throws Exception {
        Path log = tmp.resolve("termination-log");
        TerminationMessage.fromEnvironment(log.toString()).write(Progress.starting(7));

        assertThat(Progress.fromJson(Files.readString(log)).totalEpochs()).isEqualTo(7);
    }

    @Test
    void keepsWithinKubernetesLimit() throws Exception {
        Path log = tmp.resolve("termination-log");
        TerminationMessage.fromEnvironment(log.toString()).write(Map.of("reason", "x".repeat(10_000)));

        assertThat(Files.size(log)).isEqualTo(4096);
    }
}
