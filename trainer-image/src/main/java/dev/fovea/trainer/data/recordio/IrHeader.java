package dev.fovea.trainer.data.recordio;

import dev.fovea.trainer.ClientError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One RecordIO image record as MXNet's {@code recordio.pack}/{@code unpack} lay it out: the 24-byte IRHeader
 * ({@code uint32 flag, float32 label, uint64 id, uint64 id2}, little-endian), then {@code flag} float32 labels when
 * {@code flag > 0} (multi-label; the header's own label is then 0), then the encoded image.
 *
 * @param labels one label, or {@code flag} labels for a multi-label record
 * @param id the record's id (im2rec writes the {@code .lst} index here)
 * @param id2 MXNet's second id, 0 in practice
 * @param image the encoded JPEG/PNG bytes
 */
public record IrHeader(float[] labels, long id, long id2, byte[] image) {

    /** Size of the fixed part of the header. */
    public static final int SIZE = 24;

    /** Packs like MXNet's {@code pack}: a single label goes in the header, several follow it with flag = count. */
    public byte[] pack() {
        boolean multi = labels.length != 1;
        ByteBuffer out = ByteBuffer.allocate(SIZE + (multi ? labels.length * 4 : 0) + image.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(multi ? labels.length : 0);
        out.putFloat(multi ? 0f : labels[0]);
        out.putLong(id);
        out.putLong(id2);
        if (multi) {
            for (float label : labels) {
                out.putFloat(label);
            }
        }
        out.put(image);
        return out.array();
    }

    /**
     * Unpacks a record's payload.
     *
     * @param origin where the record came from, for error messages (file and offset)
     */
    public static IrHeader unpack(byte[] record, String origin) {
        ByteBuffer in = header(record, origin);
        long flag = Integer.toUnsignedLong(in.getInt(0));
        if (flag * 4 > in.remaining()) {
            throw new ClientError(origin + ": IRHeader flag says " + flag + " labels follow the header, but only "
                    + in.remaining() + " bytes remain in the record (needs " + flag * 4 + ")");
        }
        float[] labels = labels(in);
        byte[] image = new byte[in.remaining()];
        in.get(image);
        return new IrHeader(labels, in.getLong(8), in.getLong(16), image);
    }

    /**
     * The labels of a record from the first bytes of its payload, or {@code null} when {@code head} ends before they
     * do.
     */
    public static float[] labelsIn(byte[] head, String origin) {
        ByteBuffer in = header(head, origin);
        long flag = Integer.toUnsignedLong(in.getInt(0));
        return flag * 4 > in.remaining() ? null : labels(in);
    }

    /** The payload positioned after the fixed header, which must be complete. */
    private static ByteBuffer header(byte[] record, String origin) {
        if (record.length < SIZE) {
            throw new ClientError(origin + ": record is " + record.length + " bytes, shorter than the " + SIZE
                    + "-byte IRHeader (flag, label, id, id2); the file is not an MXNet image RecordIO file");
        }
        return ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).position(SIZE);
    }

    /** The header's own label, or the {@code flag} labels that follow the header (the buffer moves past them). */
    private static float[] labels(ByteBuffer in) {
        int flag = in.getInt(0);
        if (flag == 0) {
            return new float[] {in.getFloat(4)};
        }
        float[] labels = new float[flag];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = in.getFloat();
        }
        return labels;
    }
}
