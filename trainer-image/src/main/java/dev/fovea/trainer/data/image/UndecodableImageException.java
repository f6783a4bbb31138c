package dev.fovea.trainer.data.image;

/** The bytes of a record or file are not an image the decoder can read; the pipeline skips and counts these. */
public final class UndecodableImageException extends Exception {

    public UndecodableImageException(String reason) {
        super(reason);
    }
}
