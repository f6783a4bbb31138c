package dev.fovea.trainer.data.recordio;

import dev.fovea.trainer.ClientError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads records from an MXNet {@code .rec} file by offset, never holding more than one record in memory. Each part
 * starts with the magic {@code 0xced7230a} and a word holding a 3-bit continuation flag and a 29-bit length, then the
 * data padded to 4 bytes; parts flagged start/middle/end are joined with the magic word between them, as dmlc's
 * {@code RecordIOReader::NextRecord} does. Positional reads make one instance safe to share between threads.
 */
public final class RecordIoFile implements AutoCloseable {

    public static final int MAGIC = 0xced7230a;
    public static final int CFLAG_WHOLE = 0;
    public static final int CFLAG_START = 1;
    public static final int CFLAG_MIDDLE = 2;
    public static final int CFLAG_END = 3;

    private static final int HEADER = 8;
    private static final int LENGTH_MASK = (1 << 29) - 1;

    private final Path path;
    private final FileChannel channel;
    private final long length;

    public RecordIoFile(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.length = channel.size();
    }

    public Path path() {
        return path;
    }

    /** The record (all parts joined) that starts at {@code offset}. */
    public byte[] readAt(long offset) throws IOException {
        ByteArrayOutputStream joined = null;
        long position = offset;
        while (true) {
            int word = readHeader(position, offset);
            int cflag = word >>> 29;
            int partLength = word & LENGTH_MASK;
            if (position == offset && cflag != CFLAG_WHOLE && cflag != CFLAG_START) {
                throw new ClientError(where(offset) + ": continuation flag " + cflag
                        + " where a record must start (0 = whole or 1 = first part); the .idx offset is wrong or the"
                        + " file is corrupt");
            }
            byte[] part = readFully(position + HEADER, partLength, offset);
            position += HEADER + align(partLength);
            if (cflag == CFLAG_WHOLE) {
                return part;
            }
            if (joined == null) {
                joined = new ByteArrayOutputStream(partLength * 2);
            } else {
                joined.write(MAGIC & 0xff);
                joined.write(MAGIC >>> 8 & 0xff);
                joined.write(MAGIC >>> 16 & 0xff);
                joined.write(MAGIC >>> 24 & 0xff);
            }
            joined.write(part);
            if (cflag == CFLAG_END) {
                return joined.toByteArray();
            }
        }
    }

    /** Up to {@code maxBytes} from the start of the record at {@code offset}, never more than its first part holds. */
    public byte[] readHead(long offset, int maxBytes) throws IOException {
        int word = readHeader(offset, offset);
        int cflag = word >>> 29;
        if (cflag != CFLAG_WHOLE && cflag != CFLAG_START) {
            throw new ClientError(where(offset) + ": continuation flag " + cflag
                    + " where a record must start (0 = whole or 1 = first part); the .idx offset is wrong or the"
                    + " file is corrupt");
        }
        return readFully(offset + HEADER, Math.min(word & LENGTH_MASK, maxBytes), offset);
    }

    /**
     * The offsets of all records, found by walking the part headers (the payloads are skipped, not read): what
     * MXNet's {@code .idx} would hold, for a file that came without one.
     */
    public List<Long> scanOffsets() throws IOException {
        List<Long> offsets = new ArrayList<>();
        long position = 0;
        long recordStart = 0;
        boolean inRecord = false;
        while (position < length) {
            if (!inRecord) {
                recordStart = position;
            }
            int word = readHeader(position, recordStart);
            int cflag = word >>> 29;
            if (!inRecord && cflag != CFLAG_WHOLE && cflag != CFLAG_START) {
                throw new ClientError(where(position) + ": continuation flag " + cflag + " outside a multi-part record"
                        + " (a record starts with flag 0 = whole or 1 = first part); the file is corrupt");
            }
            long next = position + HEADER + align(word & LENGTH_MASK);
            if (next > length) {
                throw truncated(recordStart, word & LENGTH_MASK, length - position - HEADER);
            }
            if (cflag == CFLAG_WHOLE || cflag == CFLAG_END) {
                offsets.add(recordStart);
                inRecord = false;
            } else {
                inRecord = true;
            }
            position = next;
        }
        if (inRecord) {
            throw new ClientError(where(recordStart) + ": the file ends inside a multi-part record (no part with"
                    + " continuation flag 3 = end); the file is truncated");
        }
        return offsets;
    }

    private int readHeader(long position, long recordStart) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        readInto(header, position);
        if (header.position() < HEADER) {
            throw new ClientError(where(recordStart) + ": truncated record header: the file ends " + (length - position)
                    + " bytes after offset " + position + ", a part header needs " + HEADER);
        }
        int magic = header.getInt(0);
        if (magic != MAGIC) {
            throw new ClientError(where(position) + ": bad magic 0x" + Integer.toHexString(magic)
                    + ", every RecordIO part starts with 0xced7230a; is this an MXNet .rec file, and does the .idx"
                    + " belong to it?");
        }
        return header.getInt(4);
    }

    private byte[] readFully(long position, int count, long recordStart) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(count);
        readInto(data, position);
        if (data.position() < count) {
            throw truncated(recordStart, count, data.position());
        }
        return data.array();
    }

    private void readInto(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                return;
            }
        }
    }

    private ClientError truncated(long recordStart, int declared, long available) {
        return new ClientError(where(recordStart) + ": truncated record: a part declares " + declared
                + " bytes but only " + Math.max(0, available) + " remain in the file (" + length + " bytes)");
    }

    private String where(long offset) {
        return path + " at offset " + offset;
    }

    private static long align(int length) {
        return (length + 3L) & ~3L;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
