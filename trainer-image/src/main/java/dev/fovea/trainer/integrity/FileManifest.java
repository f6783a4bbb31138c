package dev.fovea.trainer.integrity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fovea.trainer.TrainerFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The size and SHA-256 of every file in a directory — a checkpoint or a model, whatever files it holds — kept in
 * {@value #FILE_NAME} beside them. It is written last, after every file it lists is complete and on disk, so a
 * directory without it was not completely written; {@link #verify} proves that the files are exactly the ones that
 * were written: none missing, none added, none cut short or changed. Hidden entries (names starting with a dot, such
 * as a staging directory) are not part of the set.
 *
 * @param files by path relative to the directory ({@code /}-separated)
 */
public record FileManifest(SortedMap<String, Entry> files) {

    /** The manifest's file name in the directory it describes. */
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();

    /**
     * One file.
     *
     * @param bytes its size
     * @param sha256 its SHA-256, lowercase hex
     */
    public record Entry(long bytes, String sha256) {}

    public FileManifest {
        files = new TreeMap<>(files);
    }

    /**
     * Checksums every file in {@code directory}, forces each to disk, and writes the manifest last (under a temporary
     * name, then renamed), so that it only ever lists complete files.
     */
    public static FileManifest write(Path directory) throws IOException {
        SortedMap<String, Entry> files = new TreeMap<>();
        for (Path file : filesIn(directory)) {
            files.put(name(directory, file), measure(file, true));
        }
        FileManifest manifest = new FileManifest(files);
        Path temporary = directory.resolve("." + FILE_NAME + ".tmp");
        Files.write(temporary, JSON.writeValueAsBytes(manifest));
        force(temporary);
        Files.move(temporary, directory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        Directories.sync(directory);
        return manifest;
    }

    /**
     * Checks {@code directory} against its manifest.
     *
     * @throws IntegrityException naming the first file that is missing, added, cut short or changed, or the manifest
     *     itself when it is missing or unreadable
     */
    public static FileManifest verify(Path directory) throws IntegrityException {
        FileManifest manifest = read(directory);
        Set<String> present;
        try {
            present = filesIn(directory).stream()
                    .map(file -> name(directory, file))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IntegrityException(directory.toString(), "cannot be listed: " + TrainerFailure.describe(e));
        }
        for (Map.Entry<String, Entry> listed : manifest.files.entrySet()) {
            checkFile(directory, listed.getKey(), listed.getValue(), present);
        }
        for (String name : present) {
            if (!manifest.files.containsKey(name)) {
                throw new IntegrityException(
                        name,
                        "is not listed in " + FILE_NAME + ", which was written after "
                                + "the directory was complete; it does not belong to this directory");
            }
        }
        return manifest;
    }

    /** Whether the manifest lists {@code name}. */
    public boolean lists(String name) {
        return files.containsKey(name);
    }

    private static FileManifest read(Path directory) throws IntegrityException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IntegrityException(
                    FILE_NAME,
                    "is missing: the directory was not completely written (the " + "manifest is written last)");
        }
        FileManifest manifest;
        try {
            manifest = JSON.readValue(file.toFile(), FileManifest.class);
        } catch (JsonProcessingException e) {
            throw new IntegrityException(FILE_NAME, "is not a manifest: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IntegrityException(FILE_NAME, "cannot be read: " + TrainerFailure.describe(e));
        }
        if (manifest.files() == null || manifest.files().isEmpty()) {
            throw new IntegrityException(FILE_NAME, "lists no files");
        }
        return manifest;
    }

    private static void checkFile(Path directory, String name, Entry expected, Set<String> present)
            throws IntegrityException {
        if (expected == null || expected.sha256() == null || name.startsWith("/") || name.contains("..")) {
            throw new IntegrityException(FILE_NAME, "has a malformed entry for '" + name + "'");
        }
        if (!present.contains(name)) {
            throw new IntegrityException(name, "is missing (" + FILE_NAME + " lists " + expected.bytes() + " bytes)");
        }
        Entry actual;
        try {
            actual = measure(directory.resolve(name), false);
        } catch (IOException e) {
            throw new IntegrityException(name, "cannot be read: " + TrainerFailure.describe(e));
        }
        if (actual.bytes() != expected.bytes()) {
            String what = actual.bytes() == 0
                    ? "is empty"
                    : actual.bytes() < expected.bytes() ? "is truncated" : "is longer than written";
            throw new IntegrityException(
                    name, what + ": " + actual.bytes() + " bytes, " + FILE_NAME + " lists " + expected.bytes());
        }
        if (!actual.sha256().equals(expected.sha256())) {
            throw new IntegrityException(
                    name,
                    "is damaged: its SHA-256 is " + actual.sha256() + ", " + FILE_NAME + " lists " + expected.sha256());
        }
    }

    /**
     * The regular files below {@code directory}, hidden entries and the manifest excluded, in name order. A directory
     * that is a symbolic link (a mounted or linked model folder) is walked where it points, its files named under
     * {@code directory}; links inside it are not followed.
     */
    private static java.util.List<Path> filesIn(Path directory) throws IOException {
        Path target = directory.toRealPath();
        try (Stream<Path> walk = Files.walk(target)) {
            return walk.filter(Files::isRegularFile)
                    .map(path -> directory.resolve(target.relativize(path).toString()))
                    .filter(path -> !isHidden(directory, path))
                    .filter(path -> !path.equals(directory.resolve(FILE_NAME)))
                    .sorted()
                    .toList();
        }
    }

    private static boolean isHidden(Path directory, Path path) {
        for (Path part : directory.relativize(path)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String name(Path directory, Path file) {
        return directory.relativize(file).toString().replace('\\', '/');
    }

    private static Entry measure(Path file, boolean forceToDisk) throws IOException {
        MessageDigest digest = sha256();
        long bytes = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                InputStream in = java.nio.channels.Channels.newInputStream(channel)) {
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(ByteBuffer.wrap(buffer, 0, read));
                bytes += read;
            }
            if (forceToDisk) {
                channel.force(true);
            }
        }
        return new Entry(bytes, HEX.formatHex(digest.digest()));
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
