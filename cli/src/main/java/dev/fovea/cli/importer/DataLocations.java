package dev.fovea.cli.importer;

import dev.fovea.api.contract.ChannelContentType;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.CheckpointConfig;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.OutputDataConfig;
import dev.fovea.api.spec.S3DataDistributionType;
import dev.fovea.api.spec.S3DataType;
import dev.fovea.api.spec.S3Source;
import dev.fovea.api.spec.SageMakerValue;
import dev.fovea.cli.importer.CreateTrainingJobRequest.Channel;
import dev.fovea.cli.importer.CreateTrainingJobRequest.S3DataSource;
import dev.fovea.trainer.ClientError;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the request's S3 locations (InputDataConfig, OutputDataConfig, CheckpointConfig) to {@code s3} sources that
 * read the credentials from one Secret, keeping each channel's S3DataType (augmented manifests with their
 * AttributeNames and label-format), S3DataDistributionType and content type. Settings Fovea has no use for become
 * notes.
 */
final class DataLocations {

    private final ImportOptions options;
    private final List<String> notes;

    DataLocations(ImportOptions options, List<String> notes) {
        this.options = options;
        this.notes = notes;
    }

    List<InputChannel> channels(List<Channel> channels) {
        if (channels == null || channels.isEmpty()) {
            throw new ClientError("InputDataConfig is missing; the algorithm needs at least a train channel");
        }
        List<InputChannel> mapped = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            mapped.add(channel(channels.get(i), "InputDataConfig[" + i + "]"));
        }
        return mapped;
    }

    OutputDataConfig output(CreateTrainingJobRequest.OutputDataConfig output) {
        if (output == null || output.s3OutputPath() == null) {
            notes.add("OutputDataConfig.S3OutputPath is missing: the model stays in the pods' /opt/ml/model; set "
                    + "spec.outputDataConfig to keep it");
            return null;
        }
        if (output.kmsKeyId() != null) {
            notes.add("OutputDataConfig.KmsKeyId is not carried over: encrypt the bucket with a default KMS key");
        }
        OutputDataConfig config = new OutputDataConfig();
        config.setS3(s3(output.s3OutputPath()));
        return config;
    }

    CheckpointConfig checkpoints(CreateTrainingJobRequest.CheckpointConfig checkpoints) {
        if (checkpoints == null || checkpoints.s3Uri() == null) {
            return null;
        }
        String fovea = MlRoot.DEFAULT.checkpointsDir().toString();
        if (checkpoints.localPath() != null && !fovea.equals(checkpoints.localPath())) {
            notes.add("CheckpointConfig.LocalPath '" + checkpoints.localPath() + "' is ignored: Fovea always "
                    + "checkpoints to " + fovea);
        }
        CheckpointConfig config = new CheckpointConfig();
        config.setS3(s3(checkpoints.s3Uri()));
        return config;
    }

    private InputChannel channel(Channel channel, String path) {
        ChannelName name = SageMakerValue.fromSageMakerName(ChannelName.class, channel.channelName());
        if (name == null) {
            throw new ClientError(path + ".ChannelName '" + channel.channelName() + "' is not a channel of the "
                    + "Image Classification algorithm; allowed: " + SageMakerValue.allowedNames(ChannelName.class));
        }
        ChannelContentType contentType;
        try {
            contentType = ChannelContentType.parse(channel.contentType());
        } catch (IllegalArgumentException e) {
            throw new ClientError(path + ".ContentType of channel " + channel.channelName() + ": " + e.getMessage(), e);
        }
        InputChannel mapped = new InputChannel(name, contentType.type());
        S3DataSource source = s3DataSource(channel, path);
        S3Source s3 = s3(source.s3Uri());
        S3DataDistributionType distribution = optional(
                S3DataDistributionType.class, source.s3DataDistributionType(), path + ".S3DataDistributionType");
        if (distribution == S3DataDistributionType.SHARDED_BY_S3_KEY) {
            s3.setDistributionType(distribution); // FullyReplicated is the default and stays unwritten
        }
        mapped.setS3(s3);
        S3DataType dataType = optional(S3DataType.class, source.s3DataType(), path + ".S3DataType");
        if (dataType == S3DataType.AUGMENTED_MANIFEST_FILE) {
            mapped.setDataType(dataType);
            mapped.setAttributeNames(attributeNames(source, path));
            mapped.setLabelFormat(contentType.labelFormat());
        } else if (contentType.labelFormat() != null) {
            notes.add(path + ".ContentType's label-format is ignored: it applies to augmented manifests only");
        }
        noteIgnoredChannelSettings(channel, path, dataType == S3DataType.AUGMENTED_MANIFEST_FILE);
        return mapped;
    }

    private static S3DataSource s3DataSource(Channel channel, String path) {
        if (channel.dataSource() == null || channel.dataSource().s3DataSource() == null) {
            throw new ClientError(path + ".DataSource of channel " + channel.channelName() + " is not an "
                    + "S3DataSource; for EFS or FSx, mount the file system as a PersistentVolumeClaim and set "
                    + "persistentVolumeClaim on the channel instead");
        }
        return channel.dataSource().s3DataSource();
    }

    /** SageMaker's image classification reads the image attribute first, then the label attribute. */
    private static List<String> attributeNames(S3DataSource source, String path) {
        List<String> names = source.attributeNames();
        if (names == null || names.size() != 2) {
            throw new ClientError(path + ".DataSource.S3DataSource.AttributeNames is " + names + "; an augmented "
                    + "manifest for image classification needs two: the image attribute, then the label attribute, "
                    + "e.g. [\"source-ref\", \"class\"]");
        }
        return names;
    }

    private static <E extends Enum<E> & SageMakerValue> E optional(Class<E> type, String text, String path) {
        if (text == null) {
            return null;
        }
        E value = SageMakerValue.fromSageMakerName(type, text);
        if (value == null) {
            throw new ClientError(
                    path + " '" + text + "' is not supported; allowed: " + SageMakerValue.allowedNames(type));
        }
        return value;
    }

    private void noteIgnoredChannelSettings(Channel channel, String path, boolean augmentedManifest) {
        if (channel.compressionType() != null && !"None".equals(channel.compressionType())) {
            notes.add(path + ".CompressionType " + channel.compressionType() + " is not supported: store the "
                    + "channel uncompressed");
        }
        if (channel.inputMode() != null && !"File".equals(channel.inputMode())) {
            notes.add(path + ".InputMode " + channel.inputMode() + ": Fovea always copies channels to files");
        }
        if (!augmentedManifest && channel.recordWrapperType() != null && !"None".equals(channel.recordWrapperType())) {
            notes.add(path + ".RecordWrapperType " + channel.recordWrapperType() + " is ignored: the trainer reads "
                    + "the channel's files as they are");
        }
        if (channel.shuffleConfig() != null) {
            notes.add(path + ".ShuffleConfig is ignored: the trainer shuffles records every epoch");
        }
    }

    private S3Source s3(String uri) {
        S3Source source = new S3Source(uri, options.s3SecretRef());
        source.setRegion(options.s3Region());
        return source;
    }
}
