package dev.fovea.operator.endpoint;

import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.S3Source;
import dev.fovea.api.status.ServedModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a serving pod gets its model: an S3 object or prefix (fetched into the pod before {@code serve} starts) or a
 * directory on a PersistentVolumeClaim (mounted read-only); exactly one of {@code s3} and {@code claim} is set.
 *
 * @param served what the status shows
 * @param revision what, beside the location, tells one model from another there (a job's uid and completion time);
 *     empty when the location alone does
 */
public record ResolvedModel(ServedModel served, S3Source s3, PersistentVolumeClaimSource claim, String revision) {

    static final String PVC_SCHEME = "pvc://";

    static ResolvedModel ofS3(S3Source s3, String uri, String jobName, Double accuracy, String revision) {
        S3Source fetched = new S3Source(uri, s3.getSecretRef());
        fetched.setEndpoint(s3.getEndpoint());
        fetched.setRegion(s3.getRegion());
        return new ResolvedModel(new ServedModel(jobName, uri, accuracy), fetched, null, revision);
    }

    static ResolvedModel ofClaim(PersistentVolumeClaimSource claim, String jobName, Double accuracy, String revision) {
        String path = claim.getSubPath() == null ? "" : claim.getSubPath();
        String uri = PVC_SCHEME + claim.getClaimName() + "/" + path;
        return new ResolvedModel(new ServedModel(jobName, uri, accuracy), null, claim, revision);
    }

    /**
     * A digest of the location and revision: the pod template's annotation, so that serving another model (another
     * job, a retrained one, another URI) changes the template and the Deployment rolls.
     */
    public String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((served.getUri() + "\n" + revision).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
