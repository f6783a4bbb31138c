package dev.fovea.trainer.data.fetch;

import dev.fovea.trainer.ClientError;
import dev.fovea.trainer.data.manifest.AugmentedManifest;
import dev.fovea.trainer.data.manifest.ImageRefs;
import dev.fovea.trainer.s3.S3Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Copies an {@code s3://} channel into its folder, as SageMaker's File mode does. A prefix ({@code S3Prefix}): every
 * object under it, at its key relative to the prefix's folder. An augmented manifest: the manifest, and every image
 * it names at {@code bucket/key} beside it (a relative reference at that path, from the manifest's folder). Sharded
 * by key, host k of n takes every n-th object (a {@code .rec}'s {@code .idx} goes with it) or every n-th line of the
 * manifest, in key and line order, and writes only those lines into its copy of the manifest.
 */
public final class ChannelFetch {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelFetch.class);

    private final S3Client s3;
    private final ObjectDownloads downloads;

    public ChannelFetch(S3Client s3) {
        this.s3 = s3;
        this.downloads = new ObjectDownloads(s3);
    }

    /** What was fetched: the number of objects (the manifest included) and their bytes. */
    public record Result(int objects, long bytes) {}

    /** Fetches every object under {@code prefix} (this host's share of them) into {@code folder}. */
    public Result prefix(S3Location prefix, Path folder, Shard shard) throws IOException {
        List<String> keys = ObjectDownloads.call(
                prefix,
                () -> s3
                        .listObjectsV2Paginator(
                                request -> request.bucket(prefix.bucket()).prefix(prefix.key()))
                        .contents()
                        .stream()
                        .map(S3Object::key)
                        .filter(key -> !key.endsWith("/"))
                        .toList());
        if (keys.isEmpty()) {
            throw new ClientError("no objects under " + prefix.uri() + "; the channel's s3.uri must name a prefix "
                    + "that holds its files");
        }
        List<List<String>> mine = shard.of(RecordFiles.units(keys));
        if (mine.isEmpty()) {
            throw new ClientError(prefix.uri() + " holds " + keys.size() + " objects, too few for " + shard.count()
                    + " hosts sharded by key: host " + shard.index() + " gets none; use fewer hosts or more files");
        }
        Map<Path, S3Location> wanted = new LinkedHashMap<>();
        for (List<String> unit : mine) {
            for (String key : unit) {
                String relative =
                        ImageRefs.localPath(key.substring(prefix.folder().length()), prefix.uri());
                wanted.put(folder.resolve(relative), new S3Location(prefix.bucket(), key));
            }
        }
        return log(prefix, folder, downloads.all(wanted), shard);
    }

    /** Fetches the manifest at {@code manifest} (this host's lines of it) and the images they name into {@code folder}. */
    public Result augmentedManifest(S3Location manifest, Path folder, String imageAttribute, Shard shard)
            throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : downloads.text(manifest).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        List<String> mine = shard.of(lines);
        if (mine.isEmpty()) {
            throw new ClientError(manifest.uri() + " lists " + lines.size() + " images, too few for " + shard.count()
                    + " hosts sharded by key: host " + shard.index() + " gets none");
        }
        Map<Path, S3Location> wanted = new LinkedHashMap<>();
        for (int i = 0; i < mine.size(); i++) {
            String origin = manifest.uri() + " line " + (shard.index() + i * shard.count() + 1);
            String ref = AugmentedManifest.imageRef(mine.get(i), origin, imageAttribute);
            S3Location image = ImageRefs.bucket(ref) == null
                    ? new S3Location(manifest.bucket(), manifest.folder() + ImageRefs.localPath(ref, origin))
                    : new S3Location(ImageRefs.bucket(ref), ImageRefs.key(ref));
            wanted.put(folder.resolve(ImageRefs.localPath(ref, origin)), image);
        }
        Result images = downloads.all(wanted);
        Path copy = folder.resolve(manifestFileName(manifest.fileName()));
        byte[] text = (String.join("\n", mine) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(folder);
        Files.write(copy, text);
        return log(manifest, folder, new Result(images.objects() + 1, images.bytes() + text.length), shard);
    }

    /** The manifest's local name: its own, with {@code .manifest} appended unless the trainer already reads it. */
    static String manifestFileName(String name) {
        String safe = name.isEmpty() ? "channel" : name;
        return AugmentedManifest.hasManifestName(safe) ? safe : safe + ".manifest";
    }

    private static Result log(S3Location source, Path folder, Result result, Shard shard) {
        LOG.info(
                "Fetched {} objects ({} bytes) from {} into {}{}",
                result.objects(),
                result.bytes(),
                source.uri(),
                folder,
                shard.count() > 1 ? " (host " + shard.index() + " of " + shard.count() + ", sharded by key)" : "");
        return result;
    }
}
