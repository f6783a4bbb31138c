package dev.fovea.trainer.data.recordio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@code .rec} file and its {@code .idx} exactly as dmlc's {@code RecordIOWriter::WriteRecord} and MXNet's
 * {@code MXIndexedRecordIO.write_idx} do: a record whose 4-byte-aligned words contain the magic number is split at
 * each such word into parts (cflag 1 start, 2 middle, 3 end; the magic word itself is dropped and re-inserted by the
 * reader), and each record is zero-padded to a multiple of 4 bytes. The index line is {@code key\toffset}.
 */
public final class RecordIoWriter implements AutoCloseable {

    private final OutputStream rec;
    private final Writer idx;
    private long position;

    public RecordIoWriter(Path recFile, Path idxFile) throws IOException {
        this.rec = new BufferedOutputStream(Files.newOutputStream(recFile), 1 << 16);
        this.idx = idxFile == null ? null : Files.newBufferedWriter(idxFile, StandardCharsets.UTF_8);
    }

    /** Appends one record under {@code key}; returns its offset in the {@code .rec} file. */
    public long write(long key, byte[] record) throws IOException {
        if (record.length >= 1 << 29) {
            throw new IllegalArgumentException("a RecordIO record holds at most 2^29-1 bytes, got " + record.length);
        }
        long offset = position;
        int start = 0;
        int lowerAlign = record.length & ~3;
        for (int i = 0; i < lowerAlign; i += 4) {
            if (isMagicAt(record, i)) {
                writePart(start == 0 ? RecordIoFile.CFLAG_START : RecordIoFile.CFLAG_MIDDLE, record, start, i - start);
                start = i + 4;
            }
        }
        writePart(start == 0 ? RecordIoFile.CFLAG_WHOLE : RecordIoFile.CFLAG_END, record, start, record.length - start);
        int padding = (4 - (record.length - start) % 4) % 4;
        rec.write(new byte[padding]);
        position += padding;
        if (idx != null) {
            idx.write(key + "\t" + offset + "\n");
        }
        return offset;
    }

    private static boolean isMagicAt(byte[] data, int i) {
        return (data[i] & 0xff | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24)
                == RecordIoFile.MAGIC;
    }

    private void writePart(int cflag, byte[] data, int from, int length) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(RecordIoFile.MAGIC).putInt(cflag << 29 | length);
        rec.write(header.array());
        rec.write(data, from, length);
        position += 8 + length;
    }

    @Override
    public void close() throws IOException {
        rec.close();
        if (idx != null) {
            idx.close();
        }
    }
}
