package dev.fovea.trainer.exchange;

/**
 * A peer died, hung, refused us or never answered. Retrying the whole gang (from the newest checkpoint) can fix it,
 * so the trainer turns it into the retryable exit code 3. The message names the peer's host, its address and what
 * happened, for the operator's status and for the person reading the pod's log.
 */
public class PeerLostException extends RuntimeException {

    public PeerLostException(String message) {
        super(message);
    }

    public PeerLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
