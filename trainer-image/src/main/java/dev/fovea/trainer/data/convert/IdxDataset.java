package dev.fovea.trainer.data.convert;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.image.Pixels;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * MNIST / Fashion-MNIST in their original IDX files ({@code *-images-idx3-ubyte} and {@code *-labels-idx1-ubyte},
 * optionally gzipped): big-endian magic 0x803 / 0x801, the dimensions, then unsigned bytes.
 */
public record IdxDataset(int rows, int columns, byte[] pixels, int[] labels) {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    public static IdxDataset read(Path imagesFile, Path labelsFile) throws IOException {
        int rows;
        int columns;
        byte[] pixels;
        try (DataInputStream in = open(imagesFile)) {
            expectMagic(in.readInt(), IMAGES_MAGIC, imagesFile, "images (idx3-ubyte)");
            int count = in.readInt();
            rows = in.readInt();
            columns = in.readInt();
            pixels = in.readNBytes(count * rows * columns);
            if (pixels.length != count * rows * columns) {
                throw new ClientError(imagesFile + ": truncated: header promises " + count + " images of " + rows + "x"
                        + columns + " but the file holds " + pixels.length + " pixel bytes");
            }
        }
        int[] labels;
        try (DataInputStream in = open(labelsFile)) {
            expectMagic(in.readInt(), LABELS_MAGIC, labelsFile, "labels (idx1-ubyte)");
            int count = in.readInt();
            byte[] raw = in.readNBytes(count);
            labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xff;
            }
        }
        if (labels.length * rows * columns != pixels.length) {
            throw new ClientError(labelsFile + " holds " + labels.length + " labels but " + imagesFile + " holds "
                    + pixels.length / (rows * columns) + " images; give the matching pair");
        }
        return new IdxDataset(rows, columns, pixels, labels);
    }

    public int size() {
        return labels.length;
    }

    /** Image {@code i} as a gray {@link Pixels}. */
    public Pixels image(int i) {
        int area = rows * columns;
        byte[] copy = new byte[area];
        System.arraycopy(pixels, i * area, copy, 0, area);
        return new Pixels(columns, rows, 1, copy);
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        boolean gzipped = raw.read() == 0x1f & raw.read() == 0x8b;
        raw.reset();
        return new DataInputStream(gzipped ? new GZIPInputStream(raw, 1 << 16) : raw);
    }

    private static void expectMagic(int found, int expected, Path file, String kind) {
        if (found != expected) {
            throw new ClientError(file + ": magic 0x" + Integer.toHexString(found) + " is not IDX " + kind
                    + " (expected 0x" + Integer.toHexString(expected) + ")");
        }
    }
}
