package dev.fovea.trainer.stop;

/** Training stopped on request, between two steps: what {@link StopRequest#check} throws. */
public final class TrainingStopped extends RuntimeException {

    private final transient StopRequest.Reason reason;

    TrainingStopped(StopRequest.Reason reason, String where) {
        super("stopped by " + reason.why() + " " + where);
        this.reason = reason;
    }

    public int exitCode() {
        return reason.exitCode();
    }
}
