package dev.fovea.cli.importer;

import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.S3Source;
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
        return "resnet-" + numLayers;
    }

    /** The model channel that reads ResNet-{@code numLayers}'s weights from the catalogue. */
    InputChannel modelChannel(int numLayers, String s3SecretRef, String s3Region) {
        InputChannel channel = new InputChannel(ChannelName.MODEL, ContentType.SAGEMAKER_MODEL);
        if (location.startsWith(S3)) {
            S3Source source = new S3Source(withSlash(location) + folder(numLayers) + "/", s3SecretRef);
            source.setRegion(s3Region);
            channel.setS3(source);
        } else {
            String path = location.substring(PVC.length());
            int slash = path.indexOf('/');
            String claim = slash < 0 ? path : path.substring(0, slash);
            String subPath = slash < 0 ? "" : withSlash(path.substring(slash + 1));
            channel.setPersistentVolumeClaim(new PersistentVolumeClaimSource(claim, subPath + folder(numLayers)));
        }
        return channel;
    }

    private static String withSlash(String path) {
        return path.isEmpty() || path.endsWith("/") ? path : path + "/";
    }
}
