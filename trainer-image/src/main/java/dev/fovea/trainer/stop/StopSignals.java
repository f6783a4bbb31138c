package dev.fovea.trainer.stop;

import dev.fovea.api.contract.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import sun.misc.Signal;

/**
 * Turns the ways a trainer is asked to stop into a {@link StopRequest}: SIGTERM and SIGINT replace the JVM's own
 * handling, which would run the exit sequence (and libtorch's static destructors) while a training step is still
 * inside libtorch — a native crash; and, when asked, the end of standard input, local mode's lifeline.
 */
public final class StopSignals {

    private StopSignals() {}

    /** Handles SIGTERM and SIGINT by requesting a stop with 128 + the signal's number as the exit code. */
    public static void install(StopRequest stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal signal = new Signal(name);
            Signal.handle(signal, received -> stop.request("SIG" + name, 128 + received.getNumber()));
        }
    }

    /**
     * Requests a stop when {@code lifeline} ends: the launcher holds the other end of the pipe, so it closes when the
     * launcher exits, also when it is killed outright.
     */
    public static void watchLifeline(InputStream lifeline, StopRequest stop) {
        Thread.ofPlatform().daemon().name("fovea-lifeline").start(() -> {
            byte[] buffer = new byte[256];
            try {
                while (lifeline.read(buffer) >= 0) {
                    // the launcher writes nothing; any bytes are ignored
                }
            } catch (IOException e) {
                // a broken pipe means the same as its end
            }
            stop.request("the launcher's exit (its lifeline, standard input, closed)", ExitCodes.TERMINATED);
        });
    }
}
