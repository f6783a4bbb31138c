package dev.fovea.trainer.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/** Decodes JPEG/PNG bytes to {@link Pixels} with the requested channel count, and encodes PNGs (for the converter). */
public final class ImageCodec {

    static {
        ImageIO.setUseCache(false);
    }

    private ImageCodec() {}

    /**
     * Decodes {@code encoded} to 1 (gray, OpenCV's 0.299/0.587/0.114 weights) or 3 (RGB) channels, refusing images
     * larger than {@link PixelLimit#WITHOUT_JOB} pixels before decoding them.
     *
     * @throws UndecodableImageException when the bytes are not an image ImageIO can read
     */
    public static Pixels decode(byte[] encoded, int channels) throws UndecodableImageException {
        try (OpenedImage image = open(encoded)) {
            PixelLimit.check(image.width(), image.height(), PixelLimit.WITHOUT_JOB);
            return image.decode(channels, false);
        }
    }

    /**
     * Reads the header of {@code encoded}: the format and the size it declares, without decoding a pixel.
     *
     * @throws UndecodableImageException when the bytes are not a JPEG or PNG ImageIO recognises, or the header is
     *     unreadable
     */
    public static OpenedImage open(byte[] encoded) throws UndecodableImageException {
        ImageInputStream input = null;
        ImageReader reader = null;
        try {
            input = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded));
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new UndecodableImageException("not a JPEG or PNG image (" + encoded.length + " bytes)");
            }
            reader = readers.next();
            reader.setInput(input, true, true);
            return new OpenedImage(input, reader);
        } catch (IOException | RuntimeException e) {
            if (reader != null) {
                reader.dispose();
            }
            throw new UndecodableImageException("unreadable image header: " + OpenedImage.describe(e));
        }
    }

    /** The decoded raster as {@link Pixels} of {@code channels} channels. */
    static Pixels toPixels(BufferedImage image, int channels) {
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return fromGray(image, channels);
        }
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return fromThreeBytes(image, channels);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[w * h * channels];
        for (int i = 0; i < argb.length; i++) {
            int r = argb[i] >> 16 & 0xff;
            int g = argb[i] >> 8 & 0xff;
            int b = argb[i] & 0xff;
            if (channels == 1) {
                out[i] = (byte) Math.round(0.299f * r + 0.587f * g + 0.114f * b);
            } else {
                out[i * 3] = (byte) r;
                out[i * 3 + 1] = (byte) g;
                out[i * 3 + 2] = (byte) b;
            }
        }
        return new Pixels(w, h, channels, out);
    }

    /** Gray rasters are read directly: {@code getRGB} would pass them through a linear-to-sRGB conversion. */
    private static Pixels fromGray(BufferedImage image, int channels) {
        byte[] gray = new byte[image.getWidth() * image.getHeight()];
        image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), gray);
        if (channels == 1) {
            return new Pixels(image.getWidth(), image.getHeight(), 1, gray);
        }
        byte[] rgb = new byte[gray.length * 3];
        for (int i = 0; i < gray.length; i++) {
            rgb[i * 3] = gray[i];
            rgb[i * 3 + 1] = gray[i];
            rgb[i * 3 + 2] = gray[i];
        }
        return new Pixels(image.getWidth(), image.getHeight(), 3, rgb);
    }

    /**
     * JPEG and RGB PNG decode to 3-byte rasters; reading the samples directly (in band order, R G B) is several times
     * faster than {@code getRGB}.
     */
    private static Pixels fromThreeBytes(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        image.getRaster().getDataElements(0, 0, w, h, rgb);
        if (channels == 3) {
            return new Pixels(w, h, 3, rgb);
        }
        byte[] out = new byte[w * h];
        for (int i = 0, p = 0; p < out.length; i += 3) {
            int r = rgb[i] & 0xff;
            int g = rgb[i + 1] & 0xff;
            int b = rgb[i + 2] & 0xff;
            out[p++] = (byte) Math.round(0.299f * r + 0.587f * g + 0.114f * b);
        }
        return new Pixels(w, h, 1, out);
    }

    /** A PNG of {@code image} (gray or RGB) at the strongest compression. */
    public static byte[] encodePng(Pixels image) {
        int type = image.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
        BufferedImage buffered = new BufferedImage(image.width(), image.height(), type);
        byte[] target = ((DataBufferByte) buffered.getRaster().getDataBuffer()).getData();
        byte[] source = image.data();
        if (image.channels() == 1) {
            System.arraycopy(source, 0, target, 0, source.length);
        } else {
            for (int i = 0; i < source.length; i += 3) {
                target[i] = source[i + 2];
                target[i + 1] = source[i + 1];
                target[i + 2] = source[i];
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(buffered, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
