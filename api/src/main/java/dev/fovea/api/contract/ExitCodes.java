package dev.fovea.api.contract;

/** The trainer's exit codes and what the operator does about each (docs/architecture.md, "Exit codes"). */
public final class ExitCodes {

    /** Finished: the job Succeeded when every host exits 0. */
    public static final int SUCCESS = 0;
    /** Bad hyperparameters, bad or missing data, labels out of range: Failed at once, never retried. */
    public static final int CLIENT_ERROR = 2;
    /** A peer was lost or timed out: gang restart from the newest checkpoint. */
    public static final int PEER_LOST = 3;

    private ExitCodes() {}

    /**
     * Whether a host that exited with {@code code} is worth a gang restart: everything but success and client errors
     * (peer lost, crashes, 137/143 kills).
     */
    public static boolean isRetryable(int code) {
        return code != SUCCESS && code != CLIENT_ERROR;
    }

    /** Whether {@code code} says the user must fix the job. */
    public static boolean isClientError(int code) {
        return code == CLIENT_ERROR;
    }
}
