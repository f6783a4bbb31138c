package dev.fovea.cli.importer;

import dev.fovea.api.spec.InputChannel;
import dev.fovea.trainer.ClientError;

/**
 * The cluster's pretrained catalogue, what SageMaker's {@code use_pretrained_model=1} starts from when the request has
 * no model channel: ImageNet-pretrained ResNets, one folder per depth ({@code resnet-18/}, {@code resnet-50/}, ...)
 * under an S3 prefix or a PersistentVolumeClaim directory, each holding what a model channel may hold (SageMaker's
 * model files or {@code model.tar.gz}, or a torchvision {@code .pt}). See {@code docs/pretrained-catalogue.md}.
 *
 * @param location {@code s3://bucket/prefix/} or {@code pvc://claim/sub/path}
 */
public record PretrainedCatalogue(String location) {

    private static final String S3 = "s3://";
    private static final String PVC = "pvc://";

    /**
     * @throws ClientError when {@code location} is neither form
     */
    public PretrainedCatalogue {
        boolean s3 = location != null && location.startsWith(S3) && location.length() > S3.length();
        boolean pvc = location != null && location.startsWith(PVC) && location.length() > PVC.length();
        if (!s3 && !pvc) {
            throw new ClientError("--pretrained-catalogue '" + location + "' is neither s3://bucket/prefix/ nor "
                    + "pvc://claim/sub/path");
        }
    }

    /** The folder of the catalogue that holds the weights of ResNet-{@code numLayers}. */
    public static String folder(int numLayers) {
        return dev.fovea.api.pretrained.PretrainedCatalogue.folder(numLayers);
    }

    /** The model channel that reads ResNet-{@code numLayers}'s weights from the catalogue. */
    InputChannel modelChannel(int numLayers, String s3SecretRef, String s3Region) {
        if (location.startsWith(S3)) {
            return dev.fovea.api.pretrained.PretrainedCatalogue.onS3(location, s3SecretRef, null, s3Region)
                    .modelChannel(numLayers);
        }
        String path = location.substring(PVC.length());
        int slash = path.indexOf('/');
        return dev.fovea.api.pretrained.PretrainedCatalogue.onClaim(
                        slash < 0 ? path : path.substring(0, slash), slash < 0 ? "" : path.substring(slash + 1))
                .modelChannel(numLayers);
    }
}
