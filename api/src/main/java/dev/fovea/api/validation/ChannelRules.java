package dev.fovea.api.validation;

import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.DataSource;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for {@code spec.inputDataConfig}, {@code spec.outputDataConfig} and {@code spec.checkpointConfig}, with
 * messages that quote the values. Their CEL twins are on the spec classes.
 */
final class ChannelRules {

    private ChannelRules() {}

    static List<Violation> validate(ImageClassificationJobSpec spec) {
        List<Violation> violations = new ArrayList<>();
        List<InputChannel> channels = spec.getInputDataConfig() == null ? List.of() : spec.getInputDataConfig();
        if (spec.channel(ChannelName.TRAIN) == null) {
            violations.add(new Violation(
                    "spec.inputDataConfig", null, "inputDataConfig needs a train channel (channelName: train)"));
        }
        Set<ChannelName> seen = EnumSet.noneOf(ChannelName.class);
        for (int i = 0; i < channels.size(); i++) {
            InputChannel channel = channels.get(i);
            String path = "spec.inputDataConfig[" + i + "]";
            if (channel.getChannelName() == null) {
                continue; // reported as a required field
            }
            if (!seen.add(channel.getChannelName())) {
                violations.add(new Violation(
                        path + ".channelName",
                        channel.getChannelName().sageMakerName(),
                        "channelName " + channel.getChannelName().sageMakerName()
                                + " appears more than once in inputDataConfig"));
            }
            contentType(channel, path).ifPresent(violations::add);
            source(channel, path, violations);
            ManifestChannelRules.validate(channel, path, violations);
        }
        listFileFor(spec, ChannelName.TRAIN, ChannelName.TRAIN_LST).ifPresent(violations::add);
        listFileFor(spec, ChannelName.VALIDATION, ChannelName.VALIDATION_LST).ifPresent(violations::add);
        if (spec.getOutputDataConfig() != null) {
            source(spec.getOutputDataConfig(), "spec.outputDataConfig", violations);
            ManifestChannelRules.inputOnlyDistribution(spec.getOutputDataConfig(), "spec.outputDataConfig")
                    .ifPresent(violations::add);
        }
        if (spec.getCheckpointConfig() != null) {
            source(spec.getCheckpointConfig(), "spec.checkpointConfig", violations);
            ManifestChannelRules.inputOnlyDistribution(spec.getCheckpointConfig(), "spec.checkpointConfig")
                    .ifPresent(violations::add);
        }
        return violations;
    }

    /** The content types each channel may have. */
    static Set<ContentType> allowedContentTypes(ChannelName channel) {
        return switch (channel) {
            case TRAIN, VALIDATION -> {
                Set<ContentType> types = EnumSet.of(ContentType.RECORDIO);
                types.addAll(ContentType.IMAGE_FILES);
                yield types;
            }
            case TRAIN_LST, VALIDATION_LST -> EnumSet.copyOf(ContentType.IMAGE_FILES);
            case MODEL -> EnumSet.of(ContentType.SAGEMAKER_MODEL);
        };
    }

    private static Optional<Violation> contentType(InputChannel channel, String path) {
        String name = channel.getChannelName().sageMakerName();
        Set<ContentType> allowed = allowedContentTypes(channel.getChannelName());
        if (channel.getContentType() == null || allowed.contains(channel.getContentType())) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                path + ".contentType",
                channel.getContentType().sageMakerName(),
                "contentType " + channel.getContentType().sageMakerName() + " is not allowed for channel " + name
                        + ": use " + names(allowed)));
    }

    private static void source(DataSource source, String path, List<Violation> violations) {
        exactlyOneSource(source, path).ifPresent(violations::add);
        if (source.getPersistentVolumeClaim() != null) {
            relativeSubPath(source.getPersistentVolumeClaim().getSubPath(), path + ".persistentVolumeClaim.subPath")
                    .ifPresent(violations::add);
        }
    }

    /** A subPath must stay inside its volume: relative, with no {@code ..} segment. */
    static Optional<Violation> relativeSubPath(String subPath, String path) {
        if (subPath == null
                || (!subPath.startsWith("/")
                        && !Arrays.asList(subPath.split("/")).contains(".."))) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                path,
                subPath,
                "subPath \"" + subPath
                        + "\" is not allowed: it must be a relative path inside the volume, without '..'"));
    }

    static Optional<Violation> exactlyOneSource(DataSource source, String path) {
        if (source.sourceCount() == 1) {
            return Optional.empty();
        }
        String problem = source.sourceCount() == 0 ? "has no source" : "has both persistentVolumeClaim and s3";
        return Optional.of(
                new Violation(path, null, path + " " + problem + ": set exactly one of persistentVolumeClaim or s3"));
    }

    /**
     * SageMaker's image format lists its files in a .lst channel beside the image channel (an augmented manifest
     * lists them itself).
     */
    private static Optional<Violation> listFileFor(
            ImageClassificationJobSpec spec, ChannelName images, ChannelName list) {
        InputChannel channel = spec.channel(images);
        if (channel == null
                || channel.getContentType() == null
                || !channel.getContentType().imageFiles()
                || channel.augmentedManifest()
                || spec.channel(list) != null) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                "spec.inputDataConfig",
                null,
                "channel " + images.sageMakerName()
                        + " has contentType " + channel.getContentType().sageMakerName() + " (image files), which "
                        + "needs a " + list.sageMakerName() + " channel with its .lst file, or dataType "
                        + "AugmentedManifestFile with a manifest"));
    }

    private static String names(Set<ContentType> types) {
        return String.join(
                " or ", types.stream().map(ContentType::sageMakerName).toList());
    }
}
