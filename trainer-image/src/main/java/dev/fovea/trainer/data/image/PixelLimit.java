package dev.fovea.trainer.data.image;

/**
 * The largest image, in pixels, Fovea decodes, and the refusal of larger ones: the one place the rule lives, for
 * training, {@code fovea predict}, serving and the data converter. For a training job, its largest side {@code s}
 * is the largest of {@code image_shape}'s height and width and {@code resize}; an image may have up to 16 × s² pixels
 * (each side about four times what the job needs), and never fewer than {@link #FLOOR}, so that camera photos train
 * at any {@code image_shape}. {@code FOVEA_MAX_IMAGE_PIXELS} replaces the derived limit. Larger images are refused from
 * their header, before a pixel is decoded: the defence against decompression bombs.
 */
public final class PixelLimit {

    /**
     * Where Pillow refuses an image as a decompression bomb (twice its warning threshold of 89,478,485 pixels): the
     * limit where no job says which sizes are needed (the data converter).
     */
    public static final long WITHOUT_JOB = 178_956_970L;

    /** The derived limit never goes below 8192 × 8192 pixels: a 48-megapixel phone photo trains at any image shape. */
    public static final long FLOOR = 8192L * 8192;

    /** How many times the job's largest side an image's side may be, on average. */
    private static final long SIDE_FACTOR = 4;

    private PixelLimit() {}

    /**
     * The limit of {@code fovea serve} and {@code fovea transform}: the {@code configured} one
     * ({@code FOVEA_SERVE_MAX_IMAGE_PIXELS}), lowered to {@code budgetPixels} when the memory set aside for decoding
     * cannot hold an image that large.
     */
    public static long forServing(long configured, long budgetPixels) {
        return Math.min(configured, budgetPixels);
    }

    /** Throws when {@code width × height} exceeds {@code maxPixels}, naming both. */
    public static void check(int width, int height, long maxPixels) throws UndecodableImageException {
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new UndecodableImageException("the image declares " + width + "x" + height + " = " + pixels
                    + " pixels, more than the " + maxPixels + " allowed; it was not decoded");
        }
    }

    /**
     * The limit for a job's {@code image_shape} height and width and its {@code resize} (0 for none).
     *
     * @param override {@code FOVEA_MAX_IMAGE_PIXELS}, or 0 for the derived limit
     */
    public static long forJob(int height, int width, int resize, long override) {
        if (override > 0) {
            return override;
        }
        long side = Math.max(Math.max(height, width), resize);
        return Math.max(FLOOR, SIDE_FACTOR * SIDE_FACTOR * side * side);
    }
}
