package dev.fovea.trainer.data.image;

/**
 * An 8-bit image in Java memory, height × width × channels interleaved (channels 1 = gray, 3 = RGB). Decoding and
 * augmentation work on these so that a worker thread never makes a native call per image; the batch is turned into
 * one NDArray at the end.
 */
public final class Pixels {

    private final int width;
    private final int height;
    private final int channels;
    private final byte[] data;

    public Pixels(int width, int height, int channels, byte[] data) {
        if (data.length != width * height * channels) {
            throw new IllegalArgumentException("expected " + width * height * channels + " bytes for " + width + "x"
                    + height + "x" + channels + ", got " + data.length);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.data = data;
    }

    public static Pixels blank(int width, int height, int channels) {
        return new Pixels(width, height, channels, new byte[width * height * channels]);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    /** The backing bytes (row-major, interleaved channels); shared, not copied. */
    public byte[] data() {
        return data;
    }

    public int get(int x, int y, int c) {
        return data[(y * width + x) * channels + c] & 0xff;
    }

    public void set(int x, int y, int c, int value) {
        data[(y * width + x) * channels + c] = (byte) value;
    }

    /** The {@code w × h} window whose top-left corner is ({@code x}, {@code y}). */
    public Pixels crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException(
                    "crop " + w + "x" + h + "+" + x + "+" + y + " outside " + width + "x" + height);
        }
        byte[] out = new byte[w * h * channels];
        for (int row = 0; row < h; row++) {
            System.arraycopy(data, ((y + row) * width + x) * channels, out, row * w * channels, w * channels);
        }
        return new Pixels(w, h, channels, out);
    }

    public Pixels flipHorizontally() {
        byte[] out = new byte[data.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(
                        data, (y * width + x) * channels, out, (y * width + width - 1 - x) * channels, channels);
            }
        }
        return new Pixels(width, height, channels, out);
    }
}
