package dev.fovea.trainer.pretrained;

import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * The named tensors of a PyTorch {@code .pt} file: a TorchScript module ({@code torch.jit.script(net).save(...)}),
 * a {@code torch.save(net.state_dict(), ...)} or a {@code torch.save(net, ...)}. All are zip archives of a
 * {@code data.pkl} and the raw storages under {@code data/}. The archive is read directly because DJL's TorchScript loader exposes a module's parameters
 * but not its buffers, and a ResNet's BatchNorm running statistics are buffers.
 *
 * <p>Names are the module attribute paths PyTorch uses in a state dict ({@code layer1.0.bn1.running_mean}).
 */
final class PyTorchArchive implements AutoCloseable {

    private static final String PICKLE = "data.pkl";
    private static final Set<String> MODULE_SLOTS = Set.of("_modules", "_parameters", "_buffers");

    private final Path file;
    private final ZipFile zip;
    private final String prefix;
    private final boolean torchScript;
    private final Map<String, TorchTensor> tensors;
    private String lastStorageKey;
    private ByteBuffer lastStorage;

    private PyTorchArchive(Path file, ZipFile zip, String prefix, Map<String, TorchTensor> tensors) {
        this.file = file;
        this.zip = zip;
        this.prefix = prefix;
        this.torchScript = zip.getEntry(prefix + "constants.pkl") != null;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Opens {@code file} and reads its tensor index (not yet the values); the caller closes the archive.
     *
     * @throws ClientError when the file is not a PyTorch zip archive or its pickle cannot be read
     */
    public static PyTorchArchive open(Path file) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw notPyTorch(file, "it is not a zip archive (a file saved by PyTorch 1.6 or later is one)");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            ZipEntry pickle = zip.stream()
                    .filter(entry -> entry.getName().endsWith(PICKLE)
                            && entry.getName().indexOf('/') == entry.getName().length() - PICKLE.length() - 1)
                    .findFirst()
                    .orElseThrow(() -> notPyTorch(file, "the archive has no <name>/" + PICKLE));
            String prefix = pickle.getName().substring(0, pickle.getName().length() - PICKLE.length());
            requireLittleEndian(file, zip, prefix);
            Map<String, TorchTensor> tensors = new TreeMap<>();
            try (InputStream in = zip.getInputStream(pickle)) {
                collect(new TorchUnpickler().load(in), "", tensors);
            } catch (PickleException | ClassCastException e) {
                throw notPyTorch(file, "its " + PICKLE + " is not one PyTorch writes (" + e.getMessage() + ")");
            }
            return new PyTorchArchive(file, zip, prefix, tensors);
        } catch (IOException e) {
            closeQuietly(zip);
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    /** Every tensor by its state-dict name, sorted by name. */
    public Map<String, TorchTensor> tensors() {
        return tensors;
    }

    /** Whether the archive is a TorchScript module rather than a pickled state dict. */
    public boolean isTorchScript() {
        return torchScript;
    }

    public Path file() {
        return file;
    }

    /**
     * The values of a floating-point tensor as float32, in row-major order of its shape (strided views resolved).
     *
     * @throws ClientError when the tensor holds integers or its storage is missing or too short
     */
    float[] values(String name, TorchTensor tensor) {
        if (!tensor.type().floating()) {
            throw new ClientError(file + ": tensor " + name + " holds " + tensor.type() + " values, not weights");
        }
        ByteBuffer storage = storage(name, tensor);
        long[] shape = tensor.shape();
        long[] stride = tensor.stride();
        float[] values = new float[Math.toIntExact(tensor.size())];
        long[] index = new long[shape.length];
        for (int i = 0; i < values.length; i++) {
            long element = tensor.offset();
            for (int d = 0; d < shape.length; d++) {
                element += index[d] * stride[d];
            }
            values[i] = tensor.type().read(storage, element);
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return values;
    }

    /** Several tensors may be views of one storage; consecutive ones often are, so the last one read is kept. */
    private ByteBuffer storage(String name, TorchTensor tensor) {
        if (!tensor.storageKey().equals(lastStorageKey)) {
            lastStorage = readStorage(name, tensor);
            lastStorageKey = tensor.storageKey();
        }
        return lastStorage;
    }

    private ByteBuffer readStorage(String name, TorchTensor tensor) {
        ZipEntry entry = zip.getEntry(prefix + "data/" + tensor.storageKey());
        if (entry == null) {
            throw new ClientError(file + ": the storage data/" + tensor.storageKey() + " of tensor " + name
                    + " is missing; the file is truncated or not written by PyTorch");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read tensor " + name + " in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Walks modules (maps of attributes) and state dicts alike: a tensor's name is its path of keys. A pickled
     * {@code nn.Module} keeps its children and tensors in {@code _modules}, {@code _parameters} and
     * {@code _buffers}, which a state dict's names leave out, so they are left out here too.
     */
    private static void collect(Object value, String name, Map<String, TorchTensor> tensors) {
        if (value instanceof TorchTensor tensor) {
            tensors.put(name, tensor);
        } else if (value instanceof Map<?, ?> attributes) {
            attributes.forEach((key, child) -> collect(
                    child,
                    MODULE_SLOTS.contains(key) ? name : name.isEmpty() ? key.toString() : name + "." + key,
                    tensors));
        }
    }

    /** PyTorch 2.1+ records the byte order of the storages; older files are little-endian. */
    private static void requireLittleEndian(Path file, ZipFile zip, String prefix) throws IOException {
        ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
        if (byteOrder == null) {
            return;
        }
        try (InputStream in = zip.getInputStream(byteOrder)) {
            String order = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!order.equals("little")) {
                throw new ClientError("The model channel's " + file.getFileName() + " stores its tensors " + order
                        + "-endian, which Fovea does not read; save it again on a little-endian machine (x86-64,"
                        + " ARM)");
            }
        }
    }

    private static ClientError notPyTorch(Path file, String why) {
        return new ClientError("The model channel's " + file.getFileName() + " is not a TorchScript or PyTorch .pt"
                + " file: " + why + ". Save the network with torch.jit.script(net).save(\"model.pt\")"
                + " or torch.save(net.state_dict(), \"model.pt\")");
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // the original failure is the one worth reporting
        }
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
