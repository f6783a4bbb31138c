package dev.fovea.cli.importer;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of SageMaker's CreateTrainingJob request the importer reads, field names as AWS writes them. Fields the
 * importer does not model are kept in {@link #otherFields()} so that it can say they were not carried over.
 */
public final class CreateTrainingJobRequest {

    @JsonProperty("TrainingJobName")
    public String trainingJobName;

    @JsonProperty("AlgorithmSpecification")
    public AlgorithmSpecification algorithmSpecification;

    @JsonProperty("HyperParameters")
    public Map<String, String> hyperParameters;

    @JsonProperty("InputDataConfig")
    public List<Channel> inputDataConfig;

    @JsonProperty("OutputDataConfig")
    public OutputDataConfig outputDataConfig;

    @JsonProperty("CheckpointConfig")
    public CheckpointConfig checkpointConfig;

    @JsonProperty("ResourceConfig")
    public ResourceConfig resourceConfig;

    @JsonProperty("StoppingCondition")
    public StoppingCondition stoppingCondition;

    @JsonProperty("RetryStrategy")
    public RetryStrategy retryStrategy;

    private final Map<String, Object> otherFields = new LinkedHashMap<>();

    @JsonAnySetter
    void otherField(String name, Object value) {
        otherFields.put(name, value);
    }

    /** Top-level request fields with no counterpart in the manifest (RoleArn, VpcConfig, Tags, ...), in order. */
    public Map<String, Object> otherFields() {
        return otherFields;
    }

    public record AlgorithmSpecification(
            @JsonProperty("TrainingImage") String trainingImage,
            @JsonProperty("AlgorithmName") String algorithmName,
            @JsonProperty("TrainingInputMode") String trainingInputMode,
            @JsonProperty("MetricDefinitions") List<Object> metricDefinitions,

            @JsonProperty("EnableSageMakerMetricsTimeSeries")
            Boolean enableSageMakerMetricsTimeSeries) {}

    public record Channel(
            @JsonProperty("ChannelName") String channelName,
            @JsonProperty("DataSource") DataSource dataSource,
            @JsonProperty("ContentType") String contentType,
            @JsonProperty("CompressionType") String compressionType,
            @JsonProperty("RecordWrapperType") String recordWrapperType,
            @JsonProperty("InputMode") String inputMode,
            @JsonProperty("ShuffleConfig") Object shuffleConfig) {}

    public record DataSource(
            @JsonProperty("S3DataSource") S3DataSource s3DataSource,
            @JsonProperty("FileSystemDataSource") Object fileSystemDataSource) {}

    public record S3DataSource(
            @JsonProperty("S3DataType") String s3DataType,
            @JsonProperty("S3Uri") String s3Uri,
            @JsonProperty("S3DataDistributionType") String s3DataDistributionType,
            @JsonProperty("AttributeNames") List<String> attributeNames) {}

    public record OutputDataConfig(
            @JsonProperty("S3OutputPath") String s3OutputPath,
            @JsonProperty("KmsKeyId") String kmsKeyId,
            @JsonProperty("CompressionType") String compressionType) {}

    public record CheckpointConfig(
            @JsonProperty("S3Uri") String s3Uri,
            @JsonProperty("LocalPath") String localPath) {}

    public record ResourceConfig(
            @JsonProperty("InstanceType") String instanceType,
            @JsonProperty("InstanceCount") Integer instanceCount,
            @JsonProperty("VolumeSizeInGB") Integer volumeSizeInGb,
            @JsonProperty("VolumeKmsKeyId") String volumeKmsKeyId,
            @JsonProperty("KeepAlivePeriodInSeconds") Integer keepAlivePeriodInSeconds,
            @JsonProperty("InstanceGroups") List<Object> instanceGroups) {}

    public record StoppingCondition(
            @JsonProperty("MaxRuntimeInSeconds") Long maxRuntimeInSeconds,
            @JsonProperty("MaxWaitTimeInSeconds") Long maxWaitTimeInSeconds,
            @JsonProperty("MaxPendingTimeInSeconds") Long maxPendingTimeInSeconds) {}

    public record RetryStrategy(
            @JsonProperty("MaximumRetryAttempts") Integer maximumRetryAttempts) {}
}
