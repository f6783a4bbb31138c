package dev.fovea.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.contract.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Every option of {@code fovea serve} out of its range, or not a number, exits 2 before anything starts, with a
 * message naming the option, its environment variable, the value and what is allowed.
 */
class ServeOptionsTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --max-batch-size         | 3000000             | --max-batch-size (FOVEA_SERVE_MAX_BATCH_SIZE) 3000000 must be in [0, 1024]
            --max-batch-size         | 100000              | --max-batch-size (FOVEA_SERVE_MAX_BATCH_SIZE) 100000 must be in [0, 1024]
            --max-batch-size         | -1                  | --max-batch-size (FOVEA_SERVE_MAX_BATCH_SIZE) -1 must be in [0, 1024]
            --max-batch-delay-ms     | 9223372036854775807 | --max-batch-delay-ms (FOVEA_SERVE_MAX_BATCH_DELAY_MS) 9223372036854775807 must be in [0, 10000]
            --workers                | 100000              | --workers (FOVEA_SERVE_WORKERS) 100000 must be in [0, 256]
            --max-image-pixels       | 0                   | --max-image-pixels (FOVEA_SERVE_MAX_IMAGE_PIXELS) 0 must be in [1, 2147483647]
            --read-timeout-seconds   | 10000000000         | --read-timeout-seconds (FOVEA_SERVE_READ_TIMEOUT_SECONDS) 10000000000 must be in [1, 3600]
            --read-timeout-seconds   | 0                   | --read-timeout-seconds (FOVEA_SERVE_READ_TIMEOUT_SECONDS) 0 must be in [1, 3600]
            --max-connections        | 0                   | --max-connections (FOVEA_SERVE_MAX_CONNECTIONS) 0 must be in [1, 65536]
            --shutdown-grace-seconds | 9223372036854775807 | --shutdown-grace-seconds (FOVEA_SERVE_SHUTDOWN_GRACE_SECONDS) 9223372036854775807 must be in [0, 3600]
            --max-body-bytes         | 3000000000          | --max-body-bytes (FOVEA_SERVE_MAX_BODY_BYTES) 3000000000 must be in [1, 2147483647]
            --port                   | 70000               | --port (SAGEMAKER_BIND_TO_PORT) 70000 must be in [0, 65535]
            --port                   | abc                 | Invalid value for option '--port' (SAGEMAKER_BIND_TO_PORT): 'abc' is not an int
            --max-batch-size         | 99999999999         | Invalid value for option '--max-batch-size' (FOVEA_SERVE_MAX_BATCH_SIZE): '99999999999' is not an int
            """)
    void aBadValueExits2NamingTheOptionAndItsVariable(String option, String value, String message) {
        List<String> args = new ArrayList<>(List.of("serve", "--model-dir", temp.toString(), option, value));
        if (!option.equals("--port")) {
            args.addAll(List.of("--port", "0")); // should a value pass, the server fails on the model, not the port
        }
        StringWriter err = new StringWriter();
        CommandLine command = ContainerCommand.commandLine().setErr(new PrintWriter(err, true));

        int exitCode = command.execute(args.toArray(String[]::new));

        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.CLIENT_ERROR);
        assertThat(err.toString()).contains(message);
    }

    /** In a container the bad value comes from the variable: the process's own output names it. */
    @Test
    void aBadEnvironmentVariableIsNamed() throws Exception {
        Path log = temp.resolve("serve.log");
        ProcessBuilder serve = new ProcessBuilder(ServeCommandTest.command("serve", "--model-dir", temp.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        serve.environment().put("SAGEMAKER_BIND_TO_PORT", "abc");
        Process process = serve.start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            String output = Files.readString(log);
            assertThat(process.exitValue()).as(output).isEqualTo(ExitCodes.CLIENT_ERROR);
            assertThat(output).contains("'--port' (SAGEMAKER_BIND_TO_PORT): 'abc' is not an int");
        } finally {
            process.destroyForcibly();
        }
    }
}
