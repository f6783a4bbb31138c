package dev.fovea.trainer.model.mxnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MXNet's NDArray-list format against files built here field by field from the format's description (MXNet's
 * {@code NDArray::Save}, see {@link NDArrayListFormat}), not with the code under test.
 */
class NDArrayListFormatTest {

    private static final float[] BIAS = {0.5f, -1.25f, 3f};
    private static final float[] KERNEL = {1f, -2f, 0.099975586f, 65504f, -0.5f, 0f, 1.5f, 2f};
    private static final long[] KERNEL_SHAPE = {2, 1, 2, 2};

    @Test
    void writesFloat32AndFloat16ArraysWithNamesByteForByte() throws IOException {
        NDArrayList list = new NDArrayList(
                List.of(
                        new MxNetArray(new long[] {3}, MxNetDType.FLOAT32, float32(BIAS)),
                        new MxNetArray(KERNEL_SHAPE, MxNetDType.FLOAT16, float16(KERNEL))),
                List.of("arg:fc_bias", "aux:conv0_weight"));

        byte[] expected = new HandBuilt()
                .u64(0x112)
                .u64(0)
                .u64(2)
                .v2Array(new long[] {3}, 0, float32(BIAS))
                .v2Array(KERNEL_SHAPE, 2, float16(KERNEL))
                .names("arg:fc_bias", "aux:conv0_weight")
                .bytes();

        assertThat(write(list)).isEqualTo(expected);
        assertThat(read(expected)).isEqualTo(list);
    }

    @Test
    void aListSavedWithoutNamesHasAnEmptyNameList() throws IOException {
        NDArrayList list =
                new NDArrayList(List.of(new MxNetArray(new long[] {3}, MxNetDType.FLOAT32, float32(BIAS))), List.of());
        byte[] expected = new HandBuilt()
                .u64(0x112)
                .u64(0)
                .u64(1)
                .v2Array(new long[] {3}, 0, float32(BIAS))
                .u64(0)
                .bytes();

        assertThat(write(list)).isEqualTo(expected);
        assertThat(read(expected)).isEqualTo(list);
        assertThat(write(new NDArrayList(List.of(), List.of())))
                .isEqualTo(new HandBuilt().u64(0x112).u64(0).u64(0).u64(0).bytes());
    }

    @Test
    void aWrittenListReadsBackEqual() throws IOException {
        byte[] float64 = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(Math.PI)
                .putDouble(-Math.E)
                .array();
        NDArrayList list = new NDArrayList(
                List.of(
                        new MxNetArray(KERNEL_SHAPE, MxNetDType.FLOAT32, float32(KERNEL)),
                        new MxNetArray(new long[] {2, 1}, MxNetDType.FLOAT64, float64),
                        new MxNetArray(new long[] {4, 0}, MxNetDType.FLOAT16, new byte[0])),
                List.of("arg:a", "arg:b", "aux:c"));

        assertThat(read(write(list))).isEqualTo(list);
    }

    /** MXNet 2 (V3: signed ndim), V1 (no storage type) and the oldest layout (u32 sizes) read as the same array. */
    @Test
    void readsTheArraysOfOtherMxNetVersions() throws IOException {
        MxNetArray bias = new MxNetArray(new long[] {3}, MxNetDType.FLOAT32, float32(BIAS));
        HandBuilt v3 = new HandBuilt().u32(0xF993FACA).i32(0).i32(1).i64(3);
        HandBuilt v1 = new HandBuilt().u32(0xF993FAC8).u32(1).i64(3);
        HandBuilt legacy = new HandBuilt().u32(1).u32(3);
        for (HandBuilt array : List.of(v3, v1, legacy)) {
            byte[] file = new HandBuilt()
                    .u64(0x112)
                    .u64(0)
                    .u64(1)
                    .raw(array.i32(2).i32(1).i32(0).raw(float32(BIAS)).bytes())
                    .names("gpu_saved")
                    .bytes();

            NDArrayList read = read(file);

            assertThat(read.arrays()).containsExactly(bias);
            assertThat(read.names()).containsExactly("gpu_saved");
        }
    }

    @Test
    void filesThatAreNotNDArrayListsAreRefusedWithTheReason() {
        byte[] good = new HandBuilt()
                .u64(0x112)
                .u64(0)
                .u64(1)
                .v2Array(new long[] {3}, 0, float32(BIAS))
                .names("x")
                .bytes();

        assertThatThrownBy(() -> read("{\"nodes\": []}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an MXNet NDArray list");
        assertThatThrownBy(() -> read(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> read(new HandBuilt()
                        .u64(0x112)
                        .u64(0)
                        .u64(1)
                        .u32(0xF993FAC9)
                        .i32(1)
                        .bytes()))
                .hasMessageContaining("storage type 1 (sparse)");
        assertThatThrownBy(() -> read(new HandBuilt()
                        .u64(0x112)
                        .u64(0)
                        .u64(1)
                        .u32(0xF993FAC9)
                        .i32(0)
                        .u32(1)
                        .i64(3)
                        .i32(1)
                        .i32(0)
                        .i32(12)
                        .bytes()))
                .hasMessageContaining("type_flag 12");
        assertThatThrownBy(() -> read(new HandBuilt()
                        .u64(0x112)
                        .u64(0)
                        .u64(1)
                        .v2Array(new long[] {3}, 0, float32(BIAS))
                        .names("a", "b")
                        .bytes()))
                .hasMessageContaining("2 names for 1 arrays");
    }

    private static byte[] write(NDArrayList list) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NDArrayListFormat.write(out, list);
        return out.toByteArray();
    }

    private static NDArrayList read(byte[] file) throws IOException {
        return NDArrayListFormat.read(new ByteArrayInputStream(file));
    }

    static byte[] float32(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    static byte[] float16(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putShort(Float.floatToFloat16(value));
        }
        return buffer.array();
    }

    /** A file written one little-endian field at a time. */
    private static final class HandBuilt {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        HandBuilt u64(long value) {
            return raw(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(value)
                    .array());
        }

        HandBuilt i64(long value) {
            return u64(value);
        }

        HandBuilt u32(int value) {
            return raw(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(value)
                    .array());
        }

        HandBuilt i32(int value) {
            return u32(value);
        }

        HandBuilt raw(byte[] data) {
            bytes.writeBytes(data);
            return this;
        }

        /** A dense V2 array saved from the CPU: magic, storage type, shape, context, type flag, data. */
        HandBuilt v2Array(long[] shape, int typeFlag, byte[] data) {
            u32(0xF993FAC9).i32(0).u32(shape.length);
            for (long size : shape) {
                i64(size);
            }
            return i32(1).i32(0).i32(typeFlag).raw(data);
        }

        HandBuilt names(String... names) {
            u64(names.length);
            for (String name : names) {
                byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
                u64(utf8.length).raw(utf8);
            }
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
