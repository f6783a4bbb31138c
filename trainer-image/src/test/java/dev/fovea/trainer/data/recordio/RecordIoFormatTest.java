package dev.fovea.trainer.data.recordio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the byte layout against MXNet: {@code recordio.pack} ({@code struct.pack('IfQQ', flag, label, id, id2)},
 * labels as float32 after the header when flag > 0) and dmlc's {@code RecordIOWriter::WriteRecord} (magic, lrec =
 * cflag << 29 | length, data, zero padding to 4; split at aligned magic words).
 */
class RecordIoFormatTest {

    private static final int MAGIC = 0xced7230a;

    @TempDir
    Path dir;

    /** The bytes MXNet writes for {@code write(pack(IRHeader(0, 7.0, 42, 0), b'\x89PNGxyz'))}. */
    private static byte[] mxnetSingleLabelRecord() {
        byte[] image = {(byte) 0x89, 'P', 'N', 'G', 'x', 'y', 'z'};
        ByteBuffer b = ByteBuffer.allocate(8 + 24 + image.length + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(24 + image.length); // cflag 0
        b.putInt(0).putFloat(7f).putLong(42).putLong(0);
        b.put(image).put((byte) 0); // 31 bytes padded to 32
        return b.array();
    }

    @Test
    void readsARecordLaidOutAsMxnetWritesIt() throws IOException {
        Path rec = dir.resolve("one.rec");
        Files.write(rec, mxnetSingleLabelRecord());
        try (RecordIoFile file = new RecordIoFile(rec)) {
            assertThat(file.scanOffsets()).containsExactly(0L);
            IrHeader record = IrHeader.unpack(file.readAt(0), "one.rec");
            assertThat(record.labels()).containsExactly(7f);
            assertThat(record.id()).isEqualTo(42);
            assertThat(record.image()).containsExactly((byte) 0x89, 'P', 'N', 'G', 'x', 'y', 'z');
        }
    }

    @Test
    void writesTheSameBytesAsMxnet() throws IOException {
        Path rec = dir.resolve("w.rec");
        Path idx = dir.resolve("w.idx");
        byte[] image = {(byte) 0x89, 'P', 'N', 'G', 'x', 'y', 'z'};
        try (RecordIoWriter writer = new RecordIoWriter(rec, idx)) {
            writer.write(42, new IrHeader(new float[] {7f}, 42, 0, image).pack());
            writer.write(43, new IrHeader(new float[] {7f}, 42, 0, image).pack());
        }
        byte[] one = mxnetSingleLabelRecord();
        byte[] expected = Arrays.copyOf(one, one.length * 2);
        System.arraycopy(one, 0, expected, one.length, one.length);
        assertThat(Files.readAllBytes(rec)).isEqualTo(expected);
        assertThat(Files.readString(idx)).isEqualTo("42\t0\n43\t40\n");
    }

    @Test
    void multiLabelRecordsCarryFlagLabelsAfterTheHeader() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 24 + 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(24 + 12 + 4);
        b.putInt(3).putFloat(0f).putLong(5).putLong(0);
        b.putFloat(1f).putFloat(0f).putFloat(1f);
        b.put(new byte[] {1, 2, 3, 4});
        Path rec = dir.resolve("multi.rec");
        Files.write(rec, b.array());
        try (RecordIoFile file = new RecordIoFile(rec)) {
            IrHeader record = IrHeader.unpack(file.readAt(0), "multi.rec");
            assertThat(record.labels()).containsExactly(1f, 0f, 1f);
            assertThat(record.image()).containsExactly(1, 2, 3, 4);
            assertThat(record.pack()).isEqualTo(Arrays.copyOfRange(b.array(), 8, b.capacity()));
        }
    }

    @Test
    void joinsMultiPartRecordsWithTheMagicWordBetweenParts() throws IOException {
        // payload: 4 bytes, the magic word, 6 bytes -> dmlc writes parts [4 bytes, cflag 1] and [6 bytes, cflag 3]
        ByteBuffer payload = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
        payload.put(new byte[] {9, 8, 7, 6}).putInt(MAGIC).put(new byte[] {1, 2, 3, 4, 5, 6});
        ByteBuffer file = ByteBuffer.allocate(8 + 4 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        file.putInt(MAGIC).putInt(1 << 29 | 4).put(new byte[] {9, 8, 7, 6});
        file.putInt(MAGIC).putInt(3 << 29 | 6).put(new byte[] {1, 2, 3, 4, 5, 6, 0, 0});
        Path rec = dir.resolve("parts.rec");
        Files.write(rec, file.array());
        try (RecordIoFile reader = new RecordIoFile(rec)) {
            assertThat(reader.scanOffsets()).containsExactly(0L);
            assertThat(reader.readAt(0)).isEqualTo(payload.array());
        }
        Path written = dir.resolve("written.rec");
        try (RecordIoWriter writer = new RecordIoWriter(written, null)) {
            writer.write(0, payload.array());
        }
        assertThat(Files.readAllBytes(written)).isEqualTo(file.array());
    }

    @Test
    void badMagicNamesFileOffsetAndValue() throws IOException {
        byte[] bytes = mxnetSingleLabelRecord();
        bytes[0] = 0x11;
        Path rec = dir.resolve("bad.rec");
        Files.write(rec, bytes);
        try (RecordIoFile file = new RecordIoFile(rec)) {
            assertThatThrownBy(() -> file.readAt(0))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("bad.rec at offset 0")
                    .hasMessageContaining("bad magic 0xced72311")
                    .hasMessageContaining("0xced7230a");
        }
    }

    @Test
    void truncatedRecordIsAClientErrorOnReadAndOnScan() throws IOException {
        byte[] bytes = Arrays.copyOf(mxnetSingleLabelRecord(), 20);
        Path rec = dir.resolve("cut.rec");
        Files.write(rec, bytes);
        try (RecordIoFile file = new RecordIoFile(rec)) {
            assertThatThrownBy(() -> file.readAt(0))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("cut.rec at offset 0")
                    .hasMessageContaining("truncated record: a part declares 31 bytes but only 12 remain");
            assertThatThrownBy(file::scanOffsets)
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("truncated record");
        }
    }

    @Test
    void indexOffsetsOutsideTheFileAreRejectedWithTheLine() throws IOException {
        Path idx = dir.resolve("x.idx");
        Files.writeString(idx, "0\t0\n1\t999\n");
        assertThat(RecordIoIndex.readOffsets(dir.resolve("x.idx"), 1000)).isEqualTo(List.of(0L, 999L));
        assertThatThrownBy(() -> RecordIoIndex.readOffsets(idx, 500))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("x.idx line 2")
                .hasMessageContaining("[0, 500)");
    }
}
