package dev.fovea.trainer.inference.transform;

import dev.fovea.trainer.ClientError;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A local folder as a {@link TransformStore}: every regular file below it, written through a rename. */
final class FolderStore implements TransformStore {

    private final Path root;
    private final String option;

    /**
     * @param root an absolute, normalised path
     * @param option the command-line option it came from, named in errors
     * @throws ClientError when {@code root} is a file
     */
    FolderStore(Path root, String option) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new ClientError(option + " " + root + " is a file; give a folder");
        }
        this.root = root;
        this.option = option;
    }

    /** @throws ClientError when the folder does not exist */
    @Override
    public List<Item> list() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new ClientError(option + " " + root + ": no such folder");
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> new Item(name(file), size(file)))
                    .sorted(Comparator.comparing(Item::name))
                    .toList();
        }
    }

    private String name(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public byte[] read(String name) throws IOException {
        return Files.readAllBytes(root.resolve(name));
    }

    @Override
    public Optional<String> refusal(String name) {
        Path target = root.resolve(name).normalize();
        if (name.startsWith("/") || !target.startsWith(root) || target.equals(root)) {
            return Optional.of("its output " + name + " would lie outside " + root
                    + " (an S3 key with '//' or '..' names no file in a folder)");
        }
        return Optional.empty();
    }

    @Override
    public void write(String name, byte[] content, String contentType) throws IOException {
        Optional<String> refusal = refusal(name);
        if (refusal.isPresent()) {
            throw new IOException("Not writing " + name + ": " + refusal.get());
        }
        Path target = root.resolve(name).normalize();
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
        try {
            Files.write(partial, content);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public String describe(String name) {
        return root.resolve(name).toString();
    }

    @Override
    public boolean isWithin(TransformStore other) {
        return other instanceof FolderStore folder && root.startsWith(folder.root);
    }

    @Override
    public void close() {}
}
