package dev.fovea.cli.local;

import dev.fovea.api.contract.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One trainer host running as a child process. Its output goes straight into the host's log file, which the child
 * itself writes, so nothing is lost when the launcher dies; a line listener follows the file (local mode echoes host
 * 0's metric lines on the console). The child's standard input is its lifeline: the launcher holds the pipe's other
 * end, so the trainer ({@code FOVEA_STOP_WHEN_STDIN_CLOSES}) stops when the launcher goes, even on {@code kill -9}.
 */
final class HostProcess {

    /** How long a trainer may take to stop after SIGTERM before it is killed: Kubernetes' default grace period. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private final String hostName;
    private final Process process;
    private final Path logFile;
    private final Thread tail;
    private boolean ended;

    private HostProcess(String hostName, Process process, Path logFile, Thread tail) {
        this.hostName = hostName;
        this.process = process;
        this.logFile = logFile;
        this.tail = tail;
    }

    /**
     * Starts {@code command} with {@code environment} added to this JVM's; stdout and stderr are appended to
     * {@code logFile}.
     */
    static HostProcess start(
            String hostName,
            List<String> command,
            Map<String, String> environment,
            Path logFile,
            Consumer<String> lineListener) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = builder.start();
            Thread tail = LogTail.follow(logFile, process::isAlive, lineListener);
            return new HostProcess(hostName, process, logFile, tail);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start trainer " + hostName + ": " + command.getFirst(), e);
        }
    }

    String hostName() {
        return hostName;
    }

    Process process() {
        return process;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The exit code, once the listener has seen every line. A host ended by a signal gets a last line in its log that
     * says which, since the trainer itself could not write one.
     */
    synchronized int waitFor() throws InterruptedException {
        int code = process.waitFor();
        tail.join(TimeUnit.SECONDS.toMillis(10));
        if (!ended) {
            ended = true;
            ExitCodes.signal(code).ifPresent(signal -> note(hostName + " ended with " + ExitCodes.describe(code)));
        }
        return code;
    }

    /** Appends one line of the launcher's own to the host's log. */
    void note(String line) {
        try {
            Files.writeString(logFile, "[fovea run] " + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is for a person; the console says the same
        }
    }

    /** Asks the trainer to stop (SIGTERM), then kills it if it has not stopped within {@link #GRACE}. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                note(hostName + " did not stop within " + GRACE.toSeconds() + " s of SIGTERM; killing it");
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
