package dev.fovea.trainer.s3;

import dev.fovea.trainer.ClientError;
import java.util.regex.Pattern;

/**
 * An object or prefix in S3.
 *
 * @param key the object key; for a prefix, empty or ending in {@code /}
 */
public record S3Location(String bucket, String key) {

    private static final String SCHEME = "s3://";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Whether {@code location} is an {@code s3://} URI rather than a local path. */
    public static boolean isS3(String location) {
        return location.startsWith(SCHEME);
    }

    /**
     * Parses {@code s3://bucket/prefix/} as a prefix (the key gains a trailing {@code /}).
     *
     * @param setting where the URI came from, named in the error (e.g. {@code FOVEA_MODEL_S3_URI})
     * @throws ClientError naming the setting, the value and what is allowed when it is not an S3 prefix
     */
    public static S3Location parsePrefix(String uri, String setting) {
        S3Location location = parse(uri, setting);
        return location.key.isEmpty() || location.key.endsWith("/")
                ? location
                : new S3Location(location.bucket, location.key + "/");
    }

    /**
     * Parses {@code s3://bucket/key}, an object or a prefix, keeping the key as written: as in the AWS CLI, every
     * character after the bucket's {@code /} is the key's ({@code s3://b/my images/}, {@code s3://b/run#3/}), nothing
     * is percent-decoded.
     *
     * @param setting where the URI came from, named in the error
     * @throws ClientError naming the setting, the value and what is allowed when it is not an S3 location
     */
    public static S3Location parse(String uri, String setting) {
        if (!isS3(uri)) {
            throw malformed(uri, setting, "it does not start with s3://<bucket>");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (!BUCKET.matcher(bucket).matches()) {
            throw malformed(
                    uri,
                    setting,
                    "'" + bucket + "' is not a bucket name (3 to 63 lowercase letters, digits, dots and hyphens)");
        }
        return new S3Location(bucket, slash < 0 ? "" : rest.substring(slash + 1).replaceFirst("^/+", ""));
    }

    /** The key up to and including its last {@code /}: the folder an object or prefix is in. */
    public String folder() {
        return key.substring(0, key.lastIndexOf('/') + 1);
    }

    /** The last segment of the key: an object's file name. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The object {@code relative} below this prefix. */
    public S3Location resolve(String relative) {
        return new S3Location(bucket, key + relative);
    }

    /** Whether this prefix lies within {@code other} (same bucket, and its key starts with the other's). */
    public boolean isWithin(S3Location other) {
        return bucket.equals(other.bucket) && key.startsWith(other.key);
    }

    /** {@code s3://bucket/key}. */
    public String uri() {
        return SCHEME + bucket + "/" + key;
    }

    private static ClientError malformed(String uri, String setting, String why) {
        return new ClientError(setting + " is '" + uri + "'; it must be s3://<bucket>/<key>: " + why);
    }
}
