package dev.fovea.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The operator's own settings ({@code fovea.operator.*} in application.properties or env). */
@ConfigMapping(prefix = "fovea.operator")
public interface OperatorConfig {

    /** How often rank 0's {@code /progress} is read while a job runs; status is at most this far behind. */
    @WithDefault("10s")
    Duration progressPollInterval();

    /** How long one progress read may take before it is abandoned until the next poll. */
    @WithDefault("3s")
    Duration progressTimeout();

    /** The trainer image of jobs that set no {@code resourceConfig.image}. */
    @WithDefault("ghcr.io/fovea-dev/fovea-trainer:latest")
    String trainerImage();

    /**
     * The ServiceAccount trainer pods run as (the chart creates it, e.g. to carry IRSA annotations for S3 channels);
     * unset means the namespace's default account. Trainer pods never mount an API token either way.
     */
    Optional<String> trainerServiceAccount();

    /**
     * Secrets in each job's namespace for pulling the trainer image from a private registry (the chart's
     * {@code trainer.imagePullSecrets}); a job adds its own with {@code spec.resourceConfig.imagePullSecrets}.
     */
    Optional<List<String>> trainerImagePullSecrets();

    /**
     * The pretrained catalogue (the chart's {@code pretrainedCatalogue}) that gives jobs with
     * {@code usePretrainedModel: 1} and no model channel the weights for their {@code numLayers}; unset, such jobs are
     * refused.
     */
    CatalogueSettings pretrainedCatalogue();

    /** Either a claim (with a path in it) or an S3 prefix (with a Secret); see {@code docs/pretrained-catalogue.md}. */
    interface CatalogueSettings {

        /** A PersistentVolumeClaim that must exist in each job's namespace. */
        Optional<String> claimName();

        /** The catalogue's directory in the claim's volume; unset: its root. */
        Optional<String> path();

        /** The catalogue's S3 prefix, {@code s3://bucket/prefix/}. */
        Optional<String> s3Uri();

        /** The Secret with the S3 keys, in each job's namespace. */
        Optional<String> s3SecretName();

        /** The endpoint of an S3-compatible store; unset: AWS S3. */
        Optional<String> s3Endpoint();

        /** The bucket's AWS region. */
        Optional<String> s3Region();
    }
}
