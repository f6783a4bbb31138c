package dev.fovea.cli.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One trainer host running as a child process: its output goes, each line prefixed with {@code [algo-k]}, to the
 * host's log file and to an optional line listener (local mode echoes host 0's metric lines on the console).
 */
final class HostProcess {

    private static final long GRACE_SECONDS = 10;

    private final String hostName;
    private final Process process;
    private final Thread pump;

    private HostProcess(String hostName, Process process, Thread pump) {
        this.hostName = hostName;
        this.process = process;
        this.pump = pump;
    }

    /** Starts {@code command} with {@code environment} added to this JVM's; stdout and stderr are merged. */
    static HostProcess start(
            String hostName,
            List<String> command,
            Map<String, String> environment,
            Path logFile,
            Consumer<String> lineListener) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            Process process = builder.start();
            Thread pump = Thread.ofPlatform()
                    .daemon()
                    .name("log-" + hostName)
                    .start(() -> copyLines(hostName, process, logFile, lineListener));
            return new HostProcess(hostName, process, pump);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start trainer " + hostName + ": " + command.getFirst(), e);
        }
    }

    private static void copyLines(String hostName, Process process, Path logFile, Consumer<String> lineListener) {
        String prefix = "[" + hostName + "] ";
        try (BufferedReader output =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = output.readLine()) != null) {
                log.println(prefix + line);
                lineListener.accept(line);
            }
        } catch (IOException e) {
            // the process went away mid-line; what was read is in the log
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

    /** The exit code; also waits until the log has been written out completely. */
    int waitFor() throws InterruptedException {
        int code = process.waitFor();
        pump.join(TimeUnit.SECONDS.toMillis(GRACE_SECONDS));
        return code;
    }

    /** Asks the trainer to stop (SIGTERM), then kills it if it has not stopped within a grace period. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
