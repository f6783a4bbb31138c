package dev.fovea.api.contract;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.SageMakerValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SageMaker's {@code inputdataconfig.json}: one entry per channel ({@link ChannelInput}), e.g.
 * {@code {"train": {"ContentType": "application/x-recordio", "TrainingInputMode": "File", ...}}}.
 */
public record InputDataConfigFile(Map<ChannelName, ChannelInput> channels) {

    /** The file's name under {@code input/config/}. */
    public static final String FILE_NAME = "inputdataconfig.json";

    private static final ObjectMapper JSON = ContractJson.MAPPER;

    public InputDataConfigFile {
        channels = Collections.unmodifiableMap(new EnumMap<>(channels));
    }

    /** The file for a job's channels. */
    public static InputDataConfigFile of(List<InputChannel> inputDataConfig) {
        Map<ChannelName, ChannelInput> channels = new EnumMap<>(ChannelName.class);
        inputDataConfig.forEach(channel -> channels.put(channel.getChannelName(), ChannelInput.of(channel)));
        return new InputDataConfigFile(channels);
    }

    /** The file for channels of plain files, each of the given content type. */
    public static InputDataConfigFile ofContentTypes(Map<ChannelName, ContentType> contentTypes) {
        Map<ChannelName, ChannelInput> channels = new EnumMap<>(ChannelName.class);
        contentTypes.forEach((channel, type) -> channels.put(channel, ChannelInput.of(type)));
        return new InputDataConfigFile(channels);
    }

    /** The entry of {@code channel}, or {@code null} when the job has no such channel. */
    public ChannelInput channel(ChannelName channel) {
        return channels.get(channel);
    }

    /** The content type of {@code channel}, or {@code null} when the job has no such channel. */
    public ContentType contentType(ChannelName channel) {
        ChannelInput input = channels.get(channel);
        return input == null ? null : input.contentType();
    }

    /** Whether the job has {@code channel}. */
    public boolean has(ChannelName channel) {
        return channels.containsKey(channel);
    }

    /** The file's JSON, written the way SageMaker writes it (File mode). */
    public String toJson() {
        Map<String, Map<String, Object>> file = new LinkedHashMap<>();
        channels.forEach((channel, input) -> file.put(channel.sageMakerName(), input.toJson()));
        try {
            return JSON.writeValueAsString(file);
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings and lists always serialises", e);
        }
    }

    /**
     * Parses the file's JSON.
     *
     * @throws ContractException naming the channel, content type or setting SageMaker's algorithm does not know
     */
    public static InputDataConfigFile fromJson(String json) {
        Map<String, Map<String, Object>> file;
        try {
            file = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Map<String, Object>>>() {});
        } catch (IOException e) {
            throw new ContractException(FILE_NAME + " is not a JSON object of channels: " + e.getMessage(), e);
        }
        Map<ChannelName, ChannelInput> channels = new EnumMap<>(ChannelName.class);
        file.forEach((name, entry) -> {
            ChannelName channel = SageMakerValue.fromSageMakerName(ChannelName.class, name);
            if (channel == null) {
                throw new ContractException(FILE_NAME + ": unknown channel " + name + "; allowed are "
                        + SageMakerValue.allowedNames(ChannelName.class));
            }
            channels.put(channel, ChannelInput.fromJson(name, entry));
        });
        return new InputDataConfigFile(channels);
    }

    /** Reads {@code inputdataconfig.json}. */
    public static InputDataConfigFile read(Path file) throws IOException {
        return fromJson(Files.readString(file));
    }

    /** Writes {@code inputdataconfig.json}. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toJson());
    }
}
