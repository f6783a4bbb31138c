package dev.fovea.operator.endpoint;

import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.S3Source;
import dev.fovea.api.status.ServedModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where a serving pod gets its model: an S3 object or prefix (fetched into the pod before {@code serve} starts) or a
 * directory on a PersistentVolumeClaim (mounted read-only); exactly one of {@link #s3()} and {@link #claim()} is set.
 * All of it is in {@code served}, which the status keeps, so a model can be served again from the status alone
 * ({@link #servedAgain}).
 *
 * @param served what the status shows
 */
public record ResolvedModel(ServedModel served) {

    static final String PVC_SCHEME = "pvc://";

    /**
     * @param revision what, beside the location, tells one model from another there (a job's uid and completion
     *     time); empty when the location alone does
     */
    static ResolvedModel ofS3(S3Source s3, String uri, String jobName, Double accuracy, String revision) {
        S3Source fetched = new S3Source(uri, s3.getSecretRef());
        fetched.setEndpoint(s3.getEndpoint());
        fetched.setRegion(s3.getRegion());
        ServedModel served = new ServedModel(jobName, uri, accuracy);
        served.setS3(fetched);
        served.setDigest(digest(uri, revision));
        return new ResolvedModel(served);
    }

    /** As {@link #ofS3}, for a directory on a claim. */
    static ResolvedModel ofClaim(PersistentVolumeClaimSource claim, String jobName, Double accuracy, String revision) {
        String path = claim.getSubPath() == null ? "" : claim.getSubPath();
        String uri = PVC_SCHEME + claim.getClaimName() + "/" + path;
        ServedModel served = new ServedModel(jobName, uri, accuracy);
        served.setPersistentVolumeClaim(new PersistentVolumeClaimSource(claim.getClaimName(), claim.getSubPath()));
        served.setDigest(digest(uri, revision));
        return new ResolvedModel(served);
    }

    /**
     * The model a status says is served, when it says enough to serve it again: its digest and exactly one location
     * (statuses written before the operator kept them say neither).
     */
    static Optional<ResolvedModel> servedAgain(ServedModel served) {
        boolean oneLocation = served != null && (served.getS3() == null) != (served.getPersistentVolumeClaim() == null);
        return oneLocation && served.getDigest() != null ? Optional.of(new ResolvedModel(served)) : Optional.empty();
    }

    public S3Source s3() {
        return served.getS3();
    }

    public PersistentVolumeClaimSource claim() {
        return served.getPersistentVolumeClaim();
    }

    /**
     * A digest of the location and revision: the pod template's annotation, so that serving another model (another
     * job, a retrained one, another URI) changes the template and the Deployment rolls.
     */
    public String digest() {
        return served.getDigest();
    }

    private static String digest(String uri, String revision) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((uri + "\n" + revision).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
