package dev.fovea.api.contract;

/**
 * The variables that tell a trainer where its checkpoints are kept in S3 ({@code spec.checkpointConfig.s3}): the
 * operator sets them on every trainer container and the trainer reads them. The location's credentials, region and
 * endpoint are the AWS SDK's variables ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}, {@code AWS_REGION}, {@code AWS_ENDPOINT_URL}) with {@link #PREFIX} in front, so that they
 * never clash with the model output's own {@code AWS_*} (another bucket, another Secret).
 */
public final class CheckpointS3Variables {

    /** The checkpoints' S3 prefix, {@code s3://bucket/prefix/}; unset when checkpoints are not kept in S3. */
    public static final String URI = "FOVEA_CHECKPOINT_S3_URI";

    /** What precedes an AWS SDK variable's name to make it the checkpoint location's. */
    public static final String PREFIX = "FOVEA_CHECKPOINT_";

    private CheckpointS3Variables() {}

    /** The checkpoint location's copy of the AWS SDK variable {@code awsVariable}, e.g. {@code AWS_REGION}. */
    public static String of(String awsVariable) {
        return PREFIX + awsVariable;
    }
}
