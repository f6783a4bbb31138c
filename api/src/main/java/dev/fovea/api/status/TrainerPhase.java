package dev.fovea.api.status;

/** What a trainer host is doing, as it reports in {@code GET /progress} and in its termination message. */
public enum TrainerPhase {
    /** Reading the contract, loading data, waiting for peers, resuming from a checkpoint. */
    Starting,
    /** In the training loop. */
    Training,
    /** Finished every epoch (or stopped early) and wrote the model. */
    Succeeded,
    /** Stopped on an error; {@code output/failure} says why. */
    Failed
}
