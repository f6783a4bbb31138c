package dev.fovea.api.contract;

import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.LabelFormat;
import dev.fovea.api.spec.S3DataDistributionType;
import dev.fovea.api.spec.S3DataType;
import dev.fovea.api.spec.SageMakerValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One channel's entry in {@code inputdataconfig.json}: what the trainer needs to know to read the channel folder. The
 * content type carries SageMaker's {@code label-format} parameter ({@code application/x-image; label-format=class-id});
 * {@code S3DataType} and {@code AttributeNames}, which SageMaker keeps to itself in Pipe mode, tell the trainer that
 * the folder holds an augmented manifest and which attributes to read from it.
 *
 * @param contentType the content type, without parameters
 * @param labelFormat how multi-label labels are written (multi-hot unless the content type says otherwise)
 * @param dataType the files themselves, or an augmented manifest
 * @param attributeNames an augmented manifest's image attribute, then its label attribute; empty otherwise
 * @param distribution whether this host holds the whole channel or its own share of it
 */
public record ChannelInput(
        ContentType contentType,
        LabelFormat labelFormat,
        S3DataType dataType,
        List<String> attributeNames,
        S3DataDistributionType distribution) {

    static final String CONTENT_TYPE = "ContentType";
    static final String DISTRIBUTION = "S3DistributionType";
    static final String DATA_TYPE = "S3DataType";
    static final String ATTRIBUTE_NAMES = "AttributeNames";

    public ChannelInput {
        Objects.requireNonNull(contentType, "contentType");
        labelFormat = labelFormat == null ? LabelFormat.MULTI_HOT : labelFormat;
        dataType = dataType == null ? S3DataType.S3_PREFIX : dataType;
        attributeNames = attributeNames == null ? List.of() : List.copyOf(attributeNames);
        distribution = distribution == null ? S3DataDistributionType.FULLY_REPLICATED : distribution;
    }

    /** A channel of files of {@code contentType}, every host holding all of it. */
    public static ChannelInput of(ContentType contentType) {
        return new ChannelInput(contentType, null, null, null, null);
    }

    /** The entry of a job's channel. */
    public static ChannelInput of(InputChannel channel) {
        return new ChannelInput(
                channel.getContentType(),
                channel.getLabelFormat(),
                channel.getDataType(),
                channel.getAttributeNames(),
                channel.getS3() == null ? null : channel.getS3().getDistributionType());
    }

    /** Whether the channel folder holds an augmented manifest rather than the files themselves. */
    public boolean augmentedManifest() {
        return dataType == S3DataType.AUGMENTED_MANIFEST_FILE;
    }

    /** Whether this host holds only its own share of the channel (ShardedByS3Key). */
    public boolean sharded() {
        return distribution == S3DataDistributionType.SHARDED_BY_S3_KEY;
    }

    /** The entry as SageMaker writes it (File mode), plus the manifest's keys when the channel is one. */
    Map<String, Object> toJson() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(CONTENT_TYPE, new ChannelContentType(contentType, labelFormat).format());
        entry.put("TrainingInputMode", "File");
        entry.put(DISTRIBUTION, distribution.sageMakerName());
        entry.put("RecordWrapperType", "None");
        if (augmentedManifest()) {
            entry.put(DATA_TYPE, dataType.sageMakerName());
            entry.put(ATTRIBUTE_NAMES, attributeNames);
        }
        return entry;
    }

    /**
     * Reads one entry; keys the trainer has no use for (TrainingInputMode, RecordWrapperType, ...) are ignored.
     *
     * @throws ContractException naming the channel, the key and what is allowed
     */
    static ChannelInput fromJson(String channel, Map<String, Object> entry) {
        Map<String, Object> keys = entry == null ? Map.of() : entry;
        Object typeText = keys.get(CONTENT_TYPE);
        if (typeText == null) {
            throw new ContractException(InputDataConfigFile.FILE_NAME + ": channel " + channel + " has no "
                    + CONTENT_TYPE + "; allowed are " + SageMakerValue.allowedNames(ContentType.class));
        }
        ChannelContentType type;
        try {
            type = ChannelContentType.parse(typeText.toString());
        } catch (IllegalArgumentException e) {
            throw new ContractException(
                    InputDataConfigFile.FILE_NAME + ": channel " + channel + ": ContentType " + e.getMessage(), e);
        }
        Object attributes = keys.get(ATTRIBUTE_NAMES);
        return new ChannelInput(
                type.type(),
                type.labelFormat(),
                optionalValue(S3DataType.class, channel, DATA_TYPE, keys.get(DATA_TYPE)),
                attributes instanceof List<?> list
                        ? list.stream().map(String::valueOf).toList()
                        : null,
                optionalValue(S3DataDistributionType.class, channel, DISTRIBUTION, keys.get(DISTRIBUTION)));
    }

    private static <E extends Enum<E> & SageMakerValue> E optionalValue(
            Class<E> type, String channel, String key, Object text) {
        if (text == null) {
            return null;
        }
        E value = SageMakerValue.fromSageMakerName(type, text.toString());
        if (value == null) {
            throw new ContractException(InputDataConfigFile.FILE_NAME + ": channel " + channel + " has " + key + " "
                    + text + "; allowed are " + SageMakerValue.allowedNames(type));
        }
        return value;
    }
}
