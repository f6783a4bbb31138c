package dev.fovea.trainer.inference.transform;

import dev.fovea.trainer.s3.S3Location;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a batch transform reads its inputs or writes its {@code .out} files: a local folder or an S3 prefix. Names
 * are relative to the store's root, with {@code /} between folders.
 */
public interface TransformStore extends AutoCloseable {

    /** One input: its name below the root and its size in bytes. */
    record Item(String name, long size) {}

    /** Every object below the root, in name order. */
    List<Item> list() throws IOException;

    byte[] read(String name) throws IOException;

    /** Writes {@code content} as {@code name}, all or nothing: a reader never sees a partial file. */
    void write(String name, byte[] content, String contentType) throws IOException;

    /**
     * Why {@code name} cannot be written here, if it cannot: an S3 key may hold what a folder cannot ({@code ../}, a
     * leading {@code /}).
     */
    default Optional<String> refusal(String name) {
        return Optional.empty();
    }

    /** Where {@code name} is, for messages. */
    String describe(String name);

    /** Whether this store's root lies within {@code other}'s (an output inside its own input). */
    boolean isWithin(TransformStore other);

    @Override
    void close();

    /**
     * The store at {@code location}: an {@code s3://bucket/prefix/} (with the AWS variables of {@code env}) or a
     * folder.
     *
     * @param option the command-line option the location came from, named in errors
     */
    static TransformStore open(String location, Map<String, String> env, String option) {
        if (S3Location.isS3(location)) {
            return S3Store.open(S3Location.parsePrefix(location, option), env);
        }
        return new FolderStore(Path.of(location).toAbsolutePath().normalize(), option);
    }
}
