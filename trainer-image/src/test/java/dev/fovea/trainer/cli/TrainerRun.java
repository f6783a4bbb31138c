package dev.fovea.trainer.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code fovea train} run in this JVM, with what it logged: the log still reaches the console, and the test keeps a
 * copy to look for SageMaker's metric lines and the trainer's warnings.
 *
 * @param exitCode the exit code the container would end with
 * @param log everything the trainer wrote to standard error (its log)
 */
record TrainerRun(int exitCode, String log) {

    /** Runs {@code fovea train} with {@code environment} (see {@link MlRootFixture#environment()}). */
    static TrainerRun of(Map<String, String> environment) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream tee = new PrintStream(new Tee(captured, stderr), true, StandardCharsets.UTF_8)) {
            System.setErr(tee);
            exitCode = new CommandLine(new TrainCommand(environment)).execute();
        } finally {
            System.setErr(stderr);
        }
        return new TrainerRun(exitCode, captured.toString(StandardCharsets.UTF_8));
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
