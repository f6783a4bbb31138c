package dev.fovea.trainer.data.manifest;

import dev.fovea.trainer.ClientError;
import java.util.Arrays;

/**
 * An augmented manifest's image references: {@code s3://bucket/key} URIs (what Ground Truth writes), kept in the
 * channel folder at {@code bucket/key}, or paths relative to the channel folder (for manifests made by hand).
 */
public final class ImageRefs {

    public static final String S3_SCHEME = "s3://";

    private ImageRefs() {}

    /** The image's path relative to the channel folder; a reference that would leave it is a {@link ClientError}. */
    public static String localPath(String imageRef, String origin) {
        String path = imageRef.startsWith(S3_SCHEME) ? imageRef.substring(S3_SCHEME.length()) : imageRef;
        boolean escapes = path.isEmpty()
                || path.startsWith("/")
                || path.contains("://")
                || Arrays.asList(path.split("/")).contains("..");
        if (escapes || (imageRef.startsWith(S3_SCHEME) && path.indexOf('/') <= 0)) {
            throw new ClientError(origin + ": image reference '" + imageRef + "' is not an s3://bucket/key URI or a"
                    + " relative path inside the channel folder");
        }
        return path;
    }

    /** The bucket of an {@code s3://bucket/key} reference, or {@code null} for a relative path. */
    public static String bucket(String imageRef) {
        if (!imageRef.startsWith(S3_SCHEME)) {
            return null;
        }
        String rest = imageRef.substring(S3_SCHEME.length());
        int slash = rest.indexOf('/');
        return slash <= 0 ? null : rest.substring(0, slash);
    }

    /** The key of an {@code s3://bucket/key} reference, or {@code null} for a relative path. */
    public static String key(String imageRef) {
        String bucket = bucket(imageRef);
        return bucket == null ? null : imageRef.substring(S3_SCHEME.length() + bucket.length() + 1);
    }
}
