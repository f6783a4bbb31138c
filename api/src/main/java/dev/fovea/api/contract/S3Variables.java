package dev.fovea.api.contract;

import dev.fovea.api.spec.S3Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer's variables for an S3 location of the job ({@link ContainerEnvironment}), as the operator's pod and
 * local mode's hosts get them. The credentials are not among the values: in a cluster they come from the Secret the
 * location names ({@link #CREDENTIALS}), in local mode from the environment {@code fovea run} was started in.
 */
public final class S3Variables {

    /** The AWS SDK variables an S3 location's Secret holds, by their keys in the Secret. */
    public static final List<String> CREDENTIALS = List.of(
            ContainerEnvironment.AWS_ACCESS_KEY_ID,
            ContainerEnvironment.AWS_SECRET_ACCESS_KEY,
            ContainerEnvironment.AWS_SESSION_TOKEN);

    private S3Variables() {}

    /** The location's region and endpoint, where set, each name behind {@code prefix}. */
    public static Map<String, String> settings(S3Source s3, String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        if (s3.getRegion() != null) {
            values.put(prefix + ContainerEnvironment.AWS_REGION, s3.getRegion());
        }
        if (s3.getEndpoint() != null) {
            values.put(prefix + ContainerEnvironment.AWS_ENDPOINT_URL, s3.getEndpoint());
        }
        return values;
    }

    /**
     * {@code spec.checkpointConfig.s3}: the prefix the checkpoints are copied to
     * ({@link ContainerEnvironment#CHECKPOINT_S3_URI}) and its own region and endpoint
     * ({@link ContainerEnvironment#CHECKPOINT_S3_PREFIX}).
     */
    public static Map<String, String> checkpoints(S3Source s3) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ContainerEnvironment.CHECKPOINT_S3_URI, s3.getUri());
        values.putAll(settings(s3, ContainerEnvironment.CHECKPOINT_S3_PREFIX));
        return values;
    }
}
