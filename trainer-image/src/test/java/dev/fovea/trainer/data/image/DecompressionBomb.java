package dev.fovea.trainer.data.image;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A real, valid grey PNG of {@code width × height} black pixels: about 4.4 KB per million pixels that decode to {@code width ×
 * height} bytes and more (ImageIO's raster, then the copy to {@link Pixels}).
 */
public final class DecompressionBomb {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private DecompressionBomb() {}

    public static byte[] png(int width, int height) {
        try {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream ihdr = new DataOutputStream(header);
            ihdr.writeInt(width);
            ihdr.writeInt(height);
            ihdr.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grey, deflate, no filter method, not interlaced
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(SIGNATURE);
            chunk(file, "IHDR", header.toByteArray());
            chunk(file, "IDAT", blackRows(width, height));
            chunk(file, "IEND", new byte[0]);
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row: filter type 0 and {@code width} zero samples, deflated. */
    private static byte[] blackRows(int width, int height) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] row = new byte[width + 1];
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, deflater, 1 << 16)) {
            for (int y = 0; y < height; y++) {
                out.write(row);
            }
        } finally {
            deflater.end();
        }
        return compressed.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream file, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(file);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }
}
