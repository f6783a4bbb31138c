package dev.fovea.api.validation;

import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.DataSource;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.Violation;
import java.util.List;
import java.util.Optional;

/**
 * The rules for a channel's augmented manifest ({@code dataType}, {@code attributeNames}, {@code labelFormat}) and
 * for sharding it across hosts ({@code s3.distributionType}). Their CEL twins are on {@code InputChannel}.
 */
final class ManifestChannelRules {

    private ManifestChannelRules() {}

    static void validate(InputChannel channel, String path, List<Violation> violations) {
        String name = channel.getChannelName().sageMakerName();
        boolean manifest = channel.augmentedManifest();
        boolean trainOrValidation =
                channel.getChannelName() == ChannelName.TRAIN || channel.getChannelName() == ChannelName.VALIDATION;
        if (manifest && !trainOrValidation) {
            violations.add(new Violation(
                    path + ".dataType",
                    "AugmentedManifestFile",
                    "dataType AugmentedManifestFile is not allowed for channel " + name
                            + ": only the train and validation channels may be augmented manifests"));
        }
        List<String> attributes = channel.getAttributeNames();
        if (manifest && attributes == null) {
            violations.add(new Violation(
                    path + ".attributeNames",
                    null,
                    "attributeNames is required with dataType AugmentedManifestFile: the attribute holding each "
                            + "image's location, then the one holding its label, e.g. [source-ref, class]"));
        } else if (!manifest && attributes != null) {
            violations.add(new Violation(
                    path + ".attributeNames",
                    String.join(",", attributes),
                    "attributeNames is only for channels of dataType AugmentedManifestFile; channel " + name
                            + " holds the files themselves"));
        } else if (attributes != null && attributes.stream().anyMatch(a -> a == null || a.isBlank())) {
            violations.add(new Violation(
                    path + ".attributeNames",
                    String.valueOf(attributes),
                    "attributeNames " + attributes + " has a blank name: give the image attribute, then the label "
                            + "attribute"));
        }
        if (!manifest && channel.getLabelFormat() != null) {
            violations.add(new Violation(
                    path + ".labelFormat",
                    channel.getLabelFormat().sageMakerName(),
                    "labelFormat is only for channels of dataType AugmentedManifestFile; channel " + name
                            + " takes its labels from its records or .lst file"));
        }
        sharding(channel, path).ifPresent(violations::add);
    }

    /**
     * Sharding by key splits the objects, so a host would miss the .lst of an image channel, and hosts validating on
     * different subsets would disagree on early stopping and checkpoints: only a train channel of RecordIO files or
     * of an augmented manifest (sharded by line) may be sharded.
     */
    private static Optional<Violation> sharding(InputChannel channel, String path) {
        if (channel.getS3() == null || !channel.getS3().sharded()) {
            return Optional.empty();
        }
        boolean shardable = channel.getChannelName() == ChannelName.TRAIN
                && (channel.getContentType() == ContentType.RECORDIO || channel.augmentedManifest());
        if (shardable) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                path + ".s3.distributionType",
                "ShardedByS3Key",
                "s3.distributionType ShardedByS3Key is not allowed for channel "
                        + channel.getChannelName().sageMakerName() + " with contentType "
                        + (channel.getContentType() == null
                                ? "unset"
                                : channel.getContentType().sageMakerName())
                        + ": only the train channel of application/x-recordio files or of dataType "
                        + "AugmentedManifestFile can be split across hosts; use FullyReplicated"));
    }

    /** The model and the checkpoints are written, not fetched: there is nothing to distribute. */
    static Optional<Violation> inputOnlyDistribution(DataSource source, String path) {
        if (source.getS3() == null || source.getS3().getDistributionType() == null) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                path + ".s3.distributionType",
                source.getS3().getDistributionType().sageMakerName(),
                "s3.distributionType is only for input channels; " + path + " is written, not fetched"));
    }
}
