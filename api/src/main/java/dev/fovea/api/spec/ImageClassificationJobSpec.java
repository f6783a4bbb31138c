package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Optional;

/** What the user asks for: SageMaker's CreateTrainingJob for the Image Classification algorithm, as a manifest. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = ChannelRulesCel.UNIQUE_CHANNELS_RULE, message = ChannelRulesCel.UNIQUE_CHANNELS_MESSAGE)
@ValidationRule(value = ChannelRulesCel.TRAIN_REQUIRED_RULE, message = ChannelRulesCel.TRAIN_REQUIRED_MESSAGE)
@ValidationRule(value = ChannelRulesCel.TRAIN_LST_RULE, message = ChannelRulesCel.TRAIN_LST_MESSAGE)
@ValidationRule(value = ChannelRulesCel.VALIDATION_LST_RULE, message = ChannelRulesCel.VALIDATION_LST_MESSAGE)
@ValidationRule(
        value = ChannelRulesCel.EARLY_STOPPING_NEEDS_VALIDATION_RULE,
        message = ChannelRulesCel.EARLY_STOPPING_NEEDS_VALIDATION_MESSAGE)
@ValidationRule(value = ChannelRulesCel.BATCH_OVER_GPUS_RULE, message = ChannelRulesCel.BATCH_OVER_GPUS_MESSAGE)
@ValidationRule(value = ChannelRulesCel.FLOAT16_NEEDS_GPUS_RULE, message = ChannelRulesCel.FLOAT16_NEEDS_GPUS_MESSAGE)
public class ImageClassificationJobSpec {

    /** Gang restarts allowed when backoffLimit is unset. */
    public static final int DEFAULT_BACKOFF_LIMIT = 3;

    @JsonPropertyDescription("The hyperparameters of SageMaker's Image Classification algorithm, in camelCase.")
    @Required
    private HyperParameters hyperParameters;

    @JsonPropertyDescription("The input channels (SageMaker's InputDataConfig): train is required.")
    @Required
    @Size(min = 1, max = 5)
    private List<InputChannel> inputDataConfig;

    @JsonPropertyDescription("Where the trained model is stored. Unset: it stays in the pods' /opt/ml/model only.")
    private OutputDataConfig outputDataConfig;

    @JsonPropertyDescription("Where checkpoints are stored; a restarted job resumes from the newest one. Unset: "
            + "checkpoints live on an emptyDir and a gang restart starts from epoch 0.")
    private CheckpointConfig checkpointConfig;

    @JsonPropertyDescription("The hosts: how many, what each gets, where they may run.")
    private ResourceConfig resourceConfig;

    @JsonPropertyDescription("What the job adds to its trainer pods: labels, annotations, affinity, environment, extra "
            + "volumes and mounts, the size of /dev/shm.")
    private PodTemplate podTemplate;

    @JsonPropertyDescription("Limits on how long the job may run.")
    private StoppingCondition stoppingCondition;

    @JsonPropertyDescription("Gang restarts allowed after retryable failures before the job is Failed. Default: 3.")
    @Min(0)
    private Integer backoffLimit;

    @JsonPropertyDescription("true stops the job's pods (keeping checkpoints) and holds it Suspended; false "
            + "resumes it. For queueing systems such as Kueue. Default: false.")
    private Boolean suspend;

    @JsonPropertyDescription("Seconds after the job finishes (Succeeded or Failed) at which it is deleted with "
            + "everything it owns. Unset: never.")
    @Min(0)
    private Integer ttlSecondsAfterFinished;

    public HyperParameters getHyperParameters() {
        return hyperParameters;
    }

    public void setHyperParameters(HyperParameters hyperParameters) {
        this.hyperParameters = hyperParameters;
    }

    public List<InputChannel> getInputDataConfig() {
        return inputDataConfig;
    }

    public void setInputDataConfig(List<InputChannel> inputDataConfig) {
        this.inputDataConfig = inputDataConfig;
    }

    public OutputDataConfig getOutputDataConfig() {
        return outputDataConfig;
    }

    public void setOutputDataConfig(OutputDataConfig outputDataConfig) {
        this.outputDataConfig = outputDataConfig;
    }

    public CheckpointConfig getCheckpointConfig() {
        return checkpointConfig;
    }

    public void setCheckpointConfig(CheckpointConfig checkpointConfig) {
        this.checkpointConfig = checkpointConfig;
    }

    public ResourceConfig getResourceConfig() {
        return resourceConfig;
    }

    public void setResourceConfig(ResourceConfig resourceConfig) {
        this.resourceConfig = resourceConfig;
    }

    public PodTemplate getPodTemplate() {
        return podTemplate;
    }

    public void setPodTemplate(PodTemplate podTemplate) {
        this.podTemplate = podTemplate;
    }

    public StoppingCondition getStoppingCondition() {
        return stoppingCondition;
    }

    public void setStoppingCondition(StoppingCondition stoppingCondition) {
        this.stoppingCondition = stoppingCondition;
    }

    public Integer getBackoffLimit() {
        return backoffLimit;
    }

    public void setBackoffLimit(Integer backoffLimit) {
        this.backoffLimit = backoffLimit;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public Integer getTtlSecondsAfterFinished() {
        return ttlSecondsAfterFinished;
    }

    public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
    }

    /** The channel named {@code name}, or {@code null}. */
    public InputChannel channel(ChannelName name) {
        if (inputDataConfig == null) {
            return null;
        }
        return inputDataConfig.stream()
                .filter(c -> c.getChannelName() == name)
                .findFirst()
                .orElse(null);
    }

    /** The number of hosts, 1 when resourceConfig or its instanceCount is unset. */
    public int hostCount() {
        return resourceConfig == null ? ResourceConfig.DEFAULT_INSTANCE_COUNT : resourceConfig.hostCount();
    }

    /** Where the checkpoints are copied in S3 ({@code checkpointConfig.s3}); empty when they are not. */
    public Optional<S3Source> checkpointS3() {
        return Optional.ofNullable(checkpointConfig).map(DataSource::getS3);
    }

    /** Gang restarts allowed, {@link #DEFAULT_BACKOFF_LIMIT} when unset. */
    public int backoffLimitOrDefault() {
        return backoffLimit == null ? DEFAULT_BACKOFF_LIMIT : backoffLimit;
    }

    /** Whether the job is asked to be suspended. */
    @JsonIgnore
    public boolean isSuspended() {
        return Boolean.TRUE.equals(suspend);
    }
}
