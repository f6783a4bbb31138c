package dev.fovea.trainer.data.fetch;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.s3.S3Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Downloads objects to files, several at once. Each file is written under a hidden temporary name and moved into place
 * when complete, so an interrupted fetch leaves no half-written image behind. A missing bucket or object, or a refused
 * read, is a {@link ClientError} naming it.
 */
final class ObjectDownloads {

    private static final int PARALLEL = 8;
    private static final int FORBIDDEN = 403;

    private final S3Client s3;

    ObjectDownloads(S3Client s3) {
        this.s3 = s3;
    }

    /** The object's content as UTF-8 text. */
    String text(S3Location object) {
        return call(
                object,
                () -> s3.getObjectAsBytes(
                                request -> request.bucket(object.bucket()).key(object.key()))
                        .asString(StandardCharsets.UTF_8));
    }

    /** Downloads every object to its file; returns how many and their bytes. */
    ChannelFetch.Result all(Map<Path, S3Location> files) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(
                PARALLEL, Thread.ofPlatform().daemon().name("fovea-fetch-", 0).factory());
        try {
            List<Future<Long>> sizes = new ArrayList<>();
            files.forEach((file, object) -> sizes.add(pool.submit(() -> download(object, file))));
            long bytes = 0;
            for (Future<Long> size : sizes) {
                bytes += size.get();
            }
            return new ChannelFetch.Result(files.size(), bytes);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private long download(S3Location object, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        call(
                object,
                () -> s3.getObject(
                        request -> request.bucket(object.bucket()).key(object.key()),
                        ResponseTransformer.toFile(partial)));
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(file);
    }

    /** Runs {@code request} on {@code object}, turning a missing bucket or object or a refused read into a {@link ClientError}. */
    static <T> T call(S3Location object, Supplier<T> request) {
        try {
            return request.get();
        } catch (NoSuchBucketException e) {
            throw new ClientError("bucket " + object.bucket() + " does not exist (fetching " + object.uri() + ")");
        } catch (NoSuchKeyException e) {
            throw new ClientError(object.uri() + " does not exist");
        } catch (S3Exception e) {
            if (e.statusCode() == FORBIDDEN) {
                throw new ClientError("reading " + object.uri() + " was refused (403): the credentials of the "
                        + "channel's s3.secretRef may not read it");
            }
            throw e;
        }
    }
}
