package dev.fovea.trainer.data.image;

/**
 * Decides, from the size an image's header declares and before a pixel is decoded, whether the image may be decoded
 * now: the defence against decompression bombs (a few hundred bytes of PNG that declare 30000 × 30000 pixels). A
 * gate may also make the decode wait until memory is free, and learns through {@link Admission#close()} when the
 * pixels are no longer needed.
 */
@FunctionalInterface
public interface PixelGate {

    /**
     * Admits an image of {@code width × height} pixels.
     *
     * @return what to close once the decoded pixels are no longer needed
     * @throws UndecodableImageException when the image must not be decoded, saying why
     */
    Admission admit(int width, int height) throws UndecodableImageException;

    /** A decode that has been let through; closing it returns what it held. */
    interface Admission extends AutoCloseable {

        Admission NOTHING_HELD = () -> {};

        @Override
        void close();
    }

    /** Refuses images of more than {@code maxPixels} pixels ({@link PixelLimit#check}) and holds nothing. */
    static PixelGate atMost(long maxPixels) {
        return (width, height) -> {
            PixelLimit.check(width, height, maxPixels);
            return Admission.NOTHING_HELD;
        };
    }
}
