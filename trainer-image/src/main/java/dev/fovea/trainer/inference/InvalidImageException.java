package dev.fovea.trainer.inference;

/** A client sent bytes that are not an image the model can read (or may not decode): the client's error. */
public final class InvalidImageException extends RuntimeException {

    public InvalidImageException(String message) {
        super(message);
    }
}
