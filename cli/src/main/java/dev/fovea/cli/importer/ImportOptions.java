package dev.fovea.cli.importer;

/**
 * Choices SageMaker's request cannot make for the manifest.
 *
 * @param name the job's name; {@code null} derives it from {@code TrainingJobName}
 * @param namespace the job's namespace; {@code null} leaves it to {@code kubectl apply -n}
 * @param s3SecretRef the Secret with the AWS credentials every S3 location is read or written with
 * @param s3Region the AWS region of the buckets; {@code null} leaves it to the trainer's defaults
 * @param pretrainedCatalogue where use_pretrained_model=1 without a model channel finds its weights; {@code null}
 *     when the cluster has none
 */
public record ImportOptions(
        String name, String namespace, String s3SecretRef, String s3Region, PretrainedCatalogue pretrainedCatalogue) {

    /** The Secret name used when none is given: create it with {@code kubectl create secret generic}. */
    public static final String DEFAULT_S3_SECRET = "aws-credentials";

    public ImportOptions {
        if (s3SecretRef == null || s3SecretRef.isBlank()) {
            s3SecretRef = DEFAULT_S3_SECRET;
        }
    }

    public static ImportOptions defaults() {
        return new ImportOptions(null, null, null, null, null);
    }
}
