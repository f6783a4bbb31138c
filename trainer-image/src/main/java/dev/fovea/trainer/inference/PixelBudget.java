package dev.fovea.trainer.inference;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.trainer.data.image.PixelGate;
import dev.fovea.trainer.data.image.PixelLimit;
import dev.fovea.trainer.data.image.UndecodableImageException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;

/**
 * Bounds the memory that decoding takes, whatever clients send: an image larger than serving's
 * {@link PixelLimit#forServing limit} is refused from its header, and the pixels being decoded at once never exceed
 * {@code budgetPixels}: a decode waits until enough earlier ones have finished. Small images pass in parallel; a few
 * huge ones take turns.
 */
public final class PixelBudget implements PixelGate {

    /**
     * Bytes a decode holds per pixel at its peak: ImageIO's raster (up to 4), the ARGB copy some formats go
     * through (4), the interleaved {@code Pixels} (up to 3) and its resized copy.
     */
    static final int BYTES_PER_DECODED_PIXEL = 16;

    private final long maxPixels;
    private final int budgetPixels;
    private final Semaphore available;

    /**
     * @param maxPixels the largest image, in pixels, that is decoded at all
     * @param budgetBytes the memory all decodes together may hold
     */
    public PixelBudget(long maxPixels, long budgetBytes) {
        this.budgetPixels = (int) Math.min(Integer.MAX_VALUE, Math.max(1, budgetBytes / BYTES_PER_DECODED_PIXEL));
        this.maxPixels = PixelLimit.forServing(maxPixels, budgetPixels);
        this.available = new Semaphore(budgetPixels);
    }

    /** The largest image decoded: the configured maximum, or less when the memory budget cannot hold one. */
    public long maxPixels() {
        return maxPixels;
    }

    @Override
    public Admission admit(int width, int height) throws UndecodableImageException {
        try {
            PixelLimit.check(width, height, maxPixels);
        } catch (UndecodableImageException e) {
            throw new UndecodableImageException(
                    e.getMessage() + " (" + ContainerEnvironment.SERVE_MAX_IMAGE_PIXELS + ", --max-image-pixels)");
        }
        int pixels = Math.max(1, width * height);
        try {
            available.acquire(pixels);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("stopped while waiting for memory to decode the image");
        }
        return () -> available.release(pixels);
    }

    /** Pixels that may be decoding at this moment (for tests and metrics). */
    public int availablePixels() {
        return available.availablePermits();
    }

    public int budgetPixels() {
        return budgetPixels;
    }
}
