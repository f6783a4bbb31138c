package dev.fovea.trainer.data.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An encoded image whose header has been read: its format and size are known, no pixel is decoded yet. Obtained
 * from {@link ImageCodec#open}; close it to release the decoder.
 */
public final class OpenedImage implements AutoCloseable {

    private final ImageInputStream input;
    private final ImageReader reader;
    private final int width;
    private final int height;
    private final List<String> warnings = new ArrayList<>();

    OpenedImage(ImageInputStream input, ImageReader reader) throws IOException {
        this.input = input;
        this.reader = reader;
        this.width = reader.getWidth(0);
        this.height = reader.getHeight(0);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The format the decoder recognised ("png", "JPEG", ...). */
    public String format() {
        try {
            return reader.getFormatName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Decodes to 1 (gray) or 3 (RGB) channels.
     *
     * @param strict {@code true} refuses an image the decoder could only read in part (ImageIO fills a truncated
     *     JPEG's missing rows with grey and only warns); {@code false} accepts it, as OpenCV and MXNet do
     * @throws UndecodableImageException when the pixels cannot be read, or, if strict, were read with a warning
     */
    public Pixels decode(int channels, boolean strict) throws UndecodableImageException {
        BufferedImage image;
        try {
            image = reader.read(0, reader.getDefaultReadParam());
        } catch (IOException | RuntimeException e) {
            throw new UndecodableImageException(format() + " data cannot be decoded: " + describe(e));
        }
        if (strict && !warnings.isEmpty()) {
            throw new UndecodableImageException(
                    format() + " data is truncated or corrupt: " + String.join("; ", warnings));
        }
        return ImageCodec.toPixels(image, channels);
    }

    static String describe(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    @Override
    public void close() {
        reader.dispose();
        try {
            input.close();
        } catch (IOException ignored) {
            // an in-memory stream: nothing to release
        }
    }
}
