package dev.fovea.trainer.inference.transform;

import dev.fovea.trainer.s3.S3Clients;
import dev.fovea.trainer.s3.S3Location;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 prefix as a {@link TransformStore}, through the client every Fovea part uses ({@link S3Clients}). An object
 * appears whole when its PUT completes, so writes are all or nothing by nature. S3 failures become IOExceptions
 * naming the bucket and key.
 */
final class S3Store implements TransformStore {

    private final S3Client s3;
    private final S3Location prefix;

    private S3Store(S3Client s3, S3Location prefix) {
        this.s3 = s3;
        this.prefix = prefix;
    }

    static S3Store open(S3Location prefix, Map<String, String> env) {
        return new S3Store(S3Clients.fromEnvironment(env), prefix);
    }

    @Override
    public List<Item> list() throws IOException {
        try {
            return s3
                    .listObjectsV2Paginator(
                            request -> request.bucket(prefix.bucket()).prefix(prefix.key()))
                    .contents()
                    .stream()
                    .filter(object -> !object.key().endsWith("/"))
                    .map(object -> new Item(object.key().substring(prefix.key().length()), object.size()))
                    .toList();
        } catch (SdkException e) {
            throw new IOException("Cannot list " + prefix.uri() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(String name) throws IOException {
        S3Location object = prefix.resolve(name);
        try {
            return s3.getObjectAsBytes(
                            request -> request.bucket(object.bucket()).key(object.key()))
                    .asByteArray();
        } catch (SdkException e) {
            throw new IOException("Cannot read " + object.uri() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String name, byte[] content, String contentType) throws IOException {
        S3Location object = prefix.resolve(name);
        try {
            s3.putObject(
                    request -> request.bucket(object.bucket()).key(object.key()).contentType(contentType),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("Cannot write " + object.uri() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe(String name) {
        return prefix.resolve(name).uri();
    }

    @Override
    public boolean isWithin(TransformStore other) {
        return other instanceof S3Store store && prefix.isWithin(store.prefix);
    }

    @Override
    public void close() {
        s3.close();
    }
}
