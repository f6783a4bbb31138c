package dev.fovea.cli.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Follows a log file that a child process writes, like {@code tail -f}, handing each new line to a listener until the
 * writer has exited and every line is read. The child writes the file itself, so its log survives the launcher.
 */
final class LogTail {

    private static final Duration POLL = Duration.ofMillis(200);

    private LogTail() {}

    /** Starts following {@code file} from its current end on a daemon thread. */
    static Thread follow(Path file, BooleanSupplier writerAlive, Consumer<String> listener) throws IOException {
        long start = Files.exists(file) ? Files.size(file) : 0;
        return Thread.ofPlatform().daemon().name("tail-" + file.getFileName()).start(() -> {
            try (InputStream in = Files.newInputStream(file);
                    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                in.skipNBytes(start);
                StringBuilder partial = new StringBuilder();
                while (true) {
                    boolean alive = writerAlive.getAsBoolean();
                    int read;
                    while ((read = reader.read()) >= 0) {
                        if (read == '\n') {
                            listener.accept(partial.toString());
                            partial.setLength(0);
                        } else {
                            partial.append((char) read);
                        }
                    }
                    if (!alive) {
                        return;
                    }
                    Thread.sleep(POLL);
                }
            } catch (IOException e) {
                // the file went away: nothing more to follow
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
