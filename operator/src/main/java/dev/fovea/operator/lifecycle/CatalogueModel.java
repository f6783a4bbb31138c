package dev.fovea.operator.lifecycle;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.pretrained.PretrainedCatalogue;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import dev.fovea.operator.OperatorConfig;
import dev.fovea.operator.status.StatusDraft;
import java.util.Optional;

/**
 * The operator's pretrained catalogue (chart value {@value PretrainedCatalogue#CHART_VALUE}): a job with
 * {@code usePretrainedModel: 1} and no model channel is judged and built as if its spec had the channel
 * {@code <catalogue>/resnet-<numLayers>/}; without a catalogue the job keeps its spec and the validator refuses it.
 * The user's spec is never changed: what the catalogue adds shows in the condition {@code ModelFromCatalogue}.
 */
public final class CatalogueModel {

    /** No catalogue: every job keeps its spec. */
    public static final CatalogueModel NONE = new CatalogueModel(Optional.empty());

    private final Optional<PretrainedCatalogue> catalogue;

    public CatalogueModel(Optional<PretrainedCatalogue> catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * The catalogue the settings describe: a claim or an S3 prefix with its Secret, not both.
     *
     * @throws IllegalArgumentException when the settings are half or doubly set, naming the chart value
     */
    public static CatalogueModel of(OperatorConfig.CatalogueSettings settings) {
        String value = PretrainedCatalogue.CHART_VALUE;
        if (settings.claimName().isPresent() && settings.s3Uri().isPresent()) {
            throw new IllegalArgumentException(value + " sets both persistentVolumeClaim.claimName and s3.uri: "
                    + "choose one place for the catalogue");
        }
        if (settings.claimName().isPresent()) {
            return new CatalogueModel(Optional.of(PretrainedCatalogue.onClaim(
                    settings.claimName().get(), settings.path().orElse(""))));
        }
        if (settings.s3Uri().isPresent()) {
            String secret = settings.s3SecretName()
                    .orElseThrow(() -> new IllegalArgumentException(value + ".s3.uri "
                            + settings.s3Uri().get() + " needs s3.secretName, a Secret in each job's namespace with "
                            + "the S3 keys"));
            return new CatalogueModel(Optional.of(PretrainedCatalogue.onS3(
                    settings.s3Uri().get(),
                    secret,
                    settings.s3Endpoint().orElse(null),
                    settings.s3Region().orElse(null))));
        }
        return NONE;
    }

    /**
     * {@code job} as the operator judges and builds it: with the catalogue's model channel when the job needs one and
     * a catalogue is configured (a copy; {@code job} is not changed), else {@code job} itself.
     */
    public ImageClassificationJob inForce(ImageClassificationJob job) {
        if (catalogue.isEmpty() || !PretrainedCatalogue.isNeededBy(job.getSpec())) {
            return job;
        }
        ImageClassificationJob completed = new ImageClassificationJob();
        completed.setMetadata(job.getMetadata());
        completed.setStatus(job.getStatus());
        completed.setSpec(catalogue.get().completing(job.getSpec()));
        return completed;
    }

    /** Shows in {@code status} whether the job's model channel comes from the catalogue, and from which folder. */
    public void showIn(ImageClassificationJob job, StatusDraft status) {
        if (catalogue.isPresent() && PretrainedCatalogue.isNeededBy(job.getSpec())) {
            int numLayers = PretrainedCatalogue.numLayers(job.getSpec());
            status.raise(
                    ConditionType.ModelFromCatalogue,
                    ConditionReason.PretrainedCatalogue,
                    "usePretrainedModel 1 without a model channel: the model channel reads the weights of ResNet-"
                            + numLayers + " from the pretrained catalogue, "
                            + catalogue.get().location(numLayers));
        } else {
            status.settle(
                    ConditionType.ModelFromCatalogue,
                    ConditionReason.ModelChannelInSpec,
                    "The model channel is the spec's own, or the job uses no pretrained weights");
        }
    }
}
