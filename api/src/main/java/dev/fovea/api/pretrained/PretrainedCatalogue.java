package dev.fovea.api.pretrained;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.hyperparameters.HyperParameterDefaults;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.S3Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The cluster's pretrained catalogue: what SageMaker's {@code use_pretrained_model=1} starts from when a job has no
 * model channel. ImageNet-pretrained ResNets, one folder per depth ({@code resnet-18/}, {@code resnet-50/}, ...) under
 * an S3 prefix or a directory of a PersistentVolumeClaim, each holding what a model channel may hold (SageMaker's
 * model files or {@code model.tar.gz}, or a torchvision {@code .pt}). The operator takes it from its chart value
 * {@value #CHART_VALUE}, {@code fovea import-sagemaker} from {@code --pretrained-catalogue}; both turn it into the
 * job's model channel. See {@code docs/pretrained-catalogue.md}.
 */
public final class PretrainedCatalogue {

    /** The Helm value that configures the operator's catalogue. */
    public static final String CHART_VALUE = "pretrainedCatalogue";

    /** What a job with usePretrainedModel 1 and no model channel is told when no catalogue fills the channel. */
    public static final String NEEDS_MODEL_MESSAGE =
            "usePretrainedModel 1 needs pretrained weights, and the job has no "
                    + "model channel and no pretrained catalogue is configured: add a model channel holding them (an earlier "
                    + "model, or the folder resnet-<numLayers>/ of a catalogue; fovea import-sagemaker "
                    + "--pretrained-catalogue adds it), or have the cluster admin set the Fovea chart value "
                    + CHART_VALUE
                    + " so that such jobs read the ImageNet weights for their numLayers from it (see "
                    + "docs/pretrained-catalogue.md)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PersistentVolumeClaimSource claim;
    private final S3Source s3;

    private PretrainedCatalogue(PersistentVolumeClaimSource claim, S3Source s3) {
        this.claim = claim;
        this.s3 = s3;
    }

    /**
     * A catalogue in directory {@code path} (empty: the volume's root) of claim {@code claimName}, which must exist in
     * each job's namespace.
     */
    public static PretrainedCatalogue onClaim(String claimName, String path) {
        return new PretrainedCatalogue(
                new PersistentVolumeClaimSource(Objects.requireNonNull(claimName), withSlash(path)), null);
    }

    /** A catalogue under {@code uri}, read with the keys of Secret {@code secretRef} in each job's namespace. */
    public static PretrainedCatalogue onS3(String uri, String secretRef, String endpoint, String region) {
        S3Source source = new S3Source(withSlash(Objects.requireNonNull(uri)), secretRef);
        source.setEndpoint(endpoint);
        source.setRegion(region);
        return new PretrainedCatalogue(null, source);
    }

    /** The folder of a catalogue that holds the weights of ResNet-{@code numLayers}. */
    public static String folder(int numLayers) {
        return "resnet-" + numLayers;
    }

    /** Whether {@code spec} asks for pretrained weights and has no model channel to read them from. */
    public static boolean isNeededBy(ImageClassificationJobSpec spec) {
        return spec != null
                && spec.getHyperParameters() != null
                && Integer.valueOf(1).equals(spec.getHyperParameters().getUsePretrainedModel())
                && spec.getInputDataConfig() != null
                && spec.channel(ChannelName.MODEL) == null;
    }

    /** The model channel that reads ResNet-{@code numLayers}'s weights from the catalogue. */
    public InputChannel modelChannel(int numLayers) {
        InputChannel channel = new InputChannel(ChannelName.MODEL, ContentType.SAGEMAKER_MODEL);
        if (s3 != null) {
            S3Source source = new S3Source(s3.getUri() + folder(numLayers) + "/", s3.getSecretRef());
            source.setEndpoint(s3.getEndpoint());
            source.setRegion(s3.getRegion());
            channel.setS3(source);
        } else {
            channel.setPersistentVolumeClaim(
                    new PersistentVolumeClaimSource(claim.getClaimName(), claim.getSubPath() + folder(numLayers)));
        }
        return channel;
    }

    /**
     * {@code spec} with the catalogue's model channel for its {@code numLayers} added when it {@linkplain #isNeededBy
     * needs one}, else {@code spec} itself; never changes {@code spec}.
     */
    public ImageClassificationJobSpec completing(ImageClassificationJobSpec spec) {
        if (!isNeededBy(spec)) {
            return spec;
        }
        ImageClassificationJobSpec completed = JSON.convertValue(spec, ImageClassificationJobSpec.class);
        List<InputChannel> channels = new ArrayList<>(completed.getInputDataConfig());
        channels.add(modelChannel(numLayers(spec)));
        completed.setInputDataConfig(channels);
        return completed;
    }

    /** The depth whose weights {@code spec} reads: its {@code numLayers}, or SageMaker's default. */
    public static int numLayers(ImageClassificationJobSpec spec) {
        return HyperParameterDefaults.applyTo(spec.getHyperParameters()).getNumLayers();
    }

    /** Where ResNet-{@code numLayers}'s folder is, for messages: {@code s3://...} or {@code pvc://claim/path}. */
    public String location(int numLayers) {
        InputChannel channel = modelChannel(numLayers);
        return channel.getS3() != null
                ? channel.getS3().getUri()
                : "pvc://" + claim.getClaimName() + "/"
                        + channel.getPersistentVolumeClaim().getSubPath();
    }

    private static String withSlash(String path) {
        return path == null || path.isEmpty() || path.endsWith("/") ? (path == null ? "" : path) : path + "/";
    }
}
