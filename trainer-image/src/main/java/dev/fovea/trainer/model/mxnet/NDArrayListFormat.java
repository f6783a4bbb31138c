package dev.fovea.trainer.model.mxnet;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MXNet's NDArray-list file, the format of {@code mx.nd.save} and of every {@code <prefix>-NNNN.params} checkpoint
 * (MXNet's {@code NDArray::Save} and {@code NDArray::Load} in {@code src/ndarray/ndarray.cc}). All numbers are
 * little-endian; {@code u64}, {@code u32}, {@code i64}, {@code i32} are unsigned and signed integers of 64 and 32
 * bits.
 *
 * <pre>
 * u64  0x112                      kMXAPINDArrayListMagic
 * u64  0                          reserved
 * u64  n                          the number of arrays, then n arrays:
 *   u32  0xF993FAC9               NDARRAY_V2_MAGIC (what MXNet 1.x writes)
 *   i32  0                        storage type: 0 dense (1 row_sparse and 2 csr are not read here)
 *   u32  ndim                     the shape (TShape::Save): ndim, then ndim sizes
 *   i64  size, ... (ndim of them)   (ndim 0: an empty "none" array; nothing more follows)
 *   i32  dev_type, i32 dev_id     the context it was saved from: 1 cpu, 2 gpu, 3 cpu_pinned, 5 cpu_shared
 *   i32  type_flag                0 float32, 1 float64, 2 float16, 3 uint8, 4 int32, 5 int8, 6 int64
 *   the elements, row-major, size(type_flag) bytes each
 * u64  m                          the number of names: 0, or n
 *   u64 length, then the name's bytes (m of them, in array order)
 * </pre>
 *
 * Reading also accepts the arrays of other MXNet versions: {@code 0xF993FACA} (NDARRAY_V3_MAGIC, MXNet 2's NumPy
 * shapes: ndim is signed, -1 for a none array and 0 for a scalar), {@code 0xF993FAC8} (V1: no storage type) and the
 * oldest layout, without a magic number, whose first word is ndim and whose sizes are {@code u32}. Arrays are loaded
 * to the CPU whatever context they were saved from, as MXNet does without a GPU. Writing produces V2 arrays saved from
 * the CPU, which every MXNet since 1.0 reads (MXNet 1.3, SageMaker's, included).
 */
public final class NDArrayListFormat {

    static final long LIST_MAGIC = 0x112L;
    static final int V1_MAGIC = 0xF993FAC8;
    static final int V2_MAGIC = 0xF993FAC9;
    static final int V3_MAGIC = 0xF993FACA;
    static final int DENSE_STORAGE = 0;
    static final int CPU = 1;

    /** MXNet's limit on dimensions; a larger ndim means the file is not what it claims. */
    private static final int MAX_DIMENSIONS = 32;

    private NDArrayListFormat() {}

    /** Reads the file at {@code file}; see {@link #read(InputStream)}. */
    public static NDArrayList read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /**
     * Reads an NDArray list.
     *
     * @throws IOException when the stream ends early or is not an NDArray list: the message says where and why
     */
    public static NDArrayList read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream));
        try {
            long magic = u64(in);
            if (magic != LIST_MAGIC) {
                throw new IOException(
                        String.format("not an MXNet NDArray list: it starts with 0x%x, not 0x%x", magic, LIST_MAGIC));
            }
            u64(in); // reserved
            long count = u64(in);
            List<MxNetArray> arrays = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                arrays.add(readArray(in, i));
            }
            long nameCount = u64(in);
            if (nameCount != 0 && nameCount != count) {
                throw new IOException(nameCount + " names for " + count + " arrays (expected one per array or none)");
            }
            List<String> names = new ArrayList<>();
            for (long i = 0; i < nameCount; i++) {
                names.add(new String(bytes(in, u64(in), "name " + i), StandardCharsets.UTF_8));
            }
            return new NDArrayList(arrays, names);
        } catch (EOFException e) {
            throw new IOException("the NDArray list ends early (truncated file?)", e);
        }
    }

    /** Writes {@code list} to {@code file}; see {@link #write(OutputStream, NDArrayList)}. */
    public static void write(Path file, NDArrayList list) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, list);
        }
    }

    /**
     * Writes an NDArray list as MXNet 1.x's {@code mx.nd.save} does.
     *
     * @throws IllegalArgumentException for a 0-dimensional array, which a V2 file cannot hold
     */
    public static void write(OutputStream stream, NDArrayList list) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream));
        out.writeLong(Long.reverseBytes(LIST_MAGIC));
        out.writeLong(0);
        out.writeLong(Long.reverseBytes(list.arrays().size()));
        for (MxNetArray array : list.arrays()) {
            long[] shape = array.shape();
            if (shape.length == 0) {
                throw new IllegalArgumentException("MXNet 1.x files cannot hold a 0-dimensional array");
            }
            out.writeInt(Integer.reverseBytes(V2_MAGIC));
            out.writeInt(Integer.reverseBytes(DENSE_STORAGE));
            out.writeInt(Integer.reverseBytes(shape.length));
            for (long size : shape) {
                out.writeLong(Long.reverseBytes(size));
            }
            out.writeInt(Integer.reverseBytes(CPU));
            out.writeInt(0);
            out.writeInt(Integer.reverseBytes(array.type().flag()));
            out.write(array.data());
        }
        out.writeLong(Long.reverseBytes(list.names().size()));
        for (String name : list.names()) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            out.writeLong(Long.reverseBytes(bytes.length));
            out.write(bytes);
        }
        out.flush();
    }

    private static MxNetArray readArray(DataInputStream in, long index) throws IOException {
        int magic = i32(in);
        long[] shape;
        if (magic == V2_MAGIC || magic == V3_MAGIC) {
            int storage = i32(in);
            if (storage != DENSE_STORAGE) {
                throw new IOException("array " + index + " has storage type " + storage
                        + " (sparse); only dense arrays (0) are supported");
            }
            int ndim = i32(in);
            boolean none = magic == V2_MAGIC ? ndim == 0 : ndim == -1;
            shape = none ? null : sizes(in, ndim, true, index);
        } else if (magic == V1_MAGIC) {
            int ndim = i32(in);
            shape = ndim == 0 ? null : sizes(in, ndim, true, index);
        } else {
            shape = magic == 0 ? null : sizes(in, magic, false, index);
        }
        if (shape == null) {
            throw new IOException("array " + index + " is empty (an MXNet 'none' array); a parameter needs values");
        }
        i32(in); // dev_type
        i32(in); // dev_id
        MxNetDType type;
        try {
            type = MxNetDType.ofFlag(i32(in));
        } catch (IllegalArgumentException e) {
            throw new IOException("array " + index + ": " + e.getMessage(), e);
        }
        byte[] data = bytes(in, MxNetArray.size(shape) * type.bytes(), "array " + index);
        return new MxNetArray(shape, type, data);
    }

    private static long[] sizes(DataInputStream in, int ndim, boolean wide, long index) throws IOException {
        if (ndim < 0 || ndim > MAX_DIMENSIONS) {
            throw new IOException("array " + index + " claims " + Integer.toUnsignedString(ndim)
                    + " dimensions; MXNet allows at most " + MAX_DIMENSIONS);
        }
        long[] shape = new long[ndim];
        for (int d = 0; d < ndim; d++) {
            shape[d] = wide ? u64(in) : Integer.toUnsignedLong(i32(in));
            if (shape[d] < 0) {
                throw new IOException("array " + index + " has a negative size " + shape[d]);
            }
        }
        return shape;
    }

    private static byte[] bytes(DataInputStream in, long length, String what) throws IOException {
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IOException(
                    what + " claims " + Long.toUnsignedString(length) + " bytes, more than one array" + " can hold");
        }
        // readNBytes grows its buffer as bytes arrive, so a truncated file's claim allocates nothing it does not hold
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw new EOFException(what + " ends after " + bytes.length + " of its " + length + " bytes");
        }
        return bytes;
    }

    private static long u64(DataInputStream in) throws IOException {
        return Long.reverseBytes(in.readLong());
    }

    private static int i32(DataInputStream in) throws IOException {
        return Integer.reverseBytes(in.readInt());
    }
}
