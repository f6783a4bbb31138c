package dev.fovea.api.contract;

import java.util.Map;
import java.util.Optional;

/** The trainer's exit codes and what the operator does about each (docs/architecture.md, "Exit codes"). */
public final class ExitCodes {

    /** Finished: the job Succeeded when every host exits 0. */
    public static final int SUCCESS = 0;
    /** Bad hyperparameters, bad or missing data, labels out of range: Failed at once, never retried. */
    public static final int CLIENT_ERROR = 2;
    /** A peer was lost or timed out: gang restart from the newest checkpoint. */
    public static final int PEER_LOST = 3;
    /**
     * Stopped on request (SIGTERM: pod deletion, preemption, eviction; or local mode's launcher gone): training stopped
     * between two steps and the host exited cleanly, 128 + SIGTERM as a shell reports it. Restarted like any crash.
     */
    public static final int TERMINATED = 128 + 15;

    /** Exit codes above this one are 128 + the number of the signal that ended the process. */
    private static final int SIGNAL_BASE = 128;

    private static final Map<Integer, String> SIGNALS =
            Map.of(1, "SIGHUP", 2, "SIGINT", 6, "SIGABRT", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    private ExitCodes() {}

    /**
     * Whether a host that exited with {@code code} is worth a gang restart: everything but success and client errors
     * (peer lost, crashes, 137/143 kills).
     */
    public static boolean isRetryable(int code) {
        return code != SUCCESS && code != CLIENT_ERROR;
    }

    /**
     * The signal that {@code code} says ended a process, as a person reads it: "SIGKILL" for 137, "signal 7" for 135;
     * empty for the codes a process chooses itself (0 to 128).
     */
    public static Optional<String> signal(int code) {
        if (code <= SIGNAL_BASE || code > SIGNAL_BASE + 64) {
            return Optional.empty();
        }
        int signal = code - SIGNAL_BASE;
        return Optional.of(SIGNALS.getOrDefault(signal, "signal " + signal));
    }

    /** "exit code 137 (SIGKILL)", or "exit code 2" when no signal ended the process. */
    public static String describe(int code) {
        return "exit code " + code + signal(code).map(name -> " (" + name + ")").orElse("");
    }

    /** Whether {@code code} says the user must fix the job. */
    public static boolean isClientError(int code) {
        return code == CLIENT_ERROR;
    }
}
