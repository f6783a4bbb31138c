package dev.fovea.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed: phase, conditions, the trainer's latest progress and the job's history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageClassificationJobStatus {

    @JsonPropertyDescription("Created, Running, Restarting, Succeeded, Failed or Suspended.")
    private JobPhase phase;

    @JsonPropertyDescription("Conditions in Kubernetes API conventions, one per phase type.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The epoch in progress or last finished (1-based).")
    private Integer epoch;

    @JsonPropertyDescription("The number of epochs the job runs (hyperParameters.epochs).")
    private Integer totalEpochs;

    @JsonPropertyDescription("Training accuracy of the last finished epoch.")
    private Double trainAccuracy;

    @JsonPropertyDescription("Validation accuracy of the last finished epoch.")
    private Double validationAccuracy;

    @JsonPropertyDescription("Validation top-k accuracy (k = hyperParameters.topK) of the last finished epoch.")
    private Double topKAccuracy;

    @JsonPropertyDescription("Training loss of the last finished epoch.")
    private Double loss;

    @JsonPropertyDescription("Training throughput of the whole gang, images per second.")
    private Double imagesPerSecond;

    @JsonPropertyDescription("The best validation accuracy of any epoch.")
    private Double bestValidationAccuracy;

    @JsonPropertyDescription("Gang restarts so far.")
    private Integer restarts;

    @JsonPropertyDescription("When the pods first started training (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the job Succeeded or Failed (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("The newest complete checkpoint, e.g. epoch-0004.")
    private String lastCheckpoint;

    @JsonPropertyDescription("Where the trained model was written.")
    private String modelArtifact;

    @JsonPropertyDescription(
            "Checkpoints the trainers passed over when they started (damaged, incomplete or written for"
                    + " another network), and whether they resumed from an older one or started over; absent when none was"
                    + " skipped.")
    private String checkpointNotice;

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    /** Copies a trainer's progress into the status fields it feeds; fields the progress lacks are kept. */
    public void applyProgress(Progress progress) {
        epoch = orElse(progress.epoch(), epoch);
        totalEpochs = orElse(progress.totalEpochs(), totalEpochs);
        trainAccuracy = orElse(progress.trainAccuracy(), trainAccuracy);
        validationAccuracy = orElse(progress.validationAccuracy(), validationAccuracy);
        topKAccuracy = orElse(progress.topKAccuracy(), topKAccuracy);
        loss = orElse(progress.loss(), loss);
        imagesPerSecond = orElse(progress.imagesPerSecond(), imagesPerSecond);
        bestValidationAccuracy = orElse(progress.bestValidationAccuracy(), bestValidationAccuracy);
        lastCheckpoint = orElse(progress.lastCheckpoint(), lastCheckpoint);
        modelArtifact = orElse(progress.modelArtifact(), modelArtifact);
        checkpointNotice = orElse(progress.checkpointNotice(), checkpointNotice);
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    public JobPhase getPhase() {
        return phase;
    }

    public void setPhase(JobPhase phase) {
        this.phase = phase;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Integer getEpoch() {
        return epoch;
    }

    public void setEpoch(Integer epoch) {
        this.epoch = epoch;
    }

    public Integer getTotalEpochs() {
        return totalEpochs;
    }

    public void setTotalEpochs(Integer totalEpochs) {
        this.totalEpochs = totalEpochs;
    }

    public Double getTrainAccuracy() {
        return trainAccuracy;
    }

    public void setTrainAccuracy(Double trainAccuracy) {
        this.trainAccuracy = trainAccuracy;
    }

    public Double getValidationAccuracy() {
        return validationAccuracy;
    }

    public void setValidationAccuracy(Double validationAccuracy) {
        this.validationAccuracy = validationAccuracy;
    }

    public Double getTopKAccuracy() {
        return topKAccuracy;
    }

    public void setTopKAccuracy(Double topKAccuracy) {
        this.topKAccuracy = topKAccuracy;
    }

    public Double getLoss() {
        return loss;
    }

    public void setLoss(Double loss) {
        this.loss = loss;
    }

    public Double getImagesPerSecond() {
        return imagesPerSecond;
    }

    public void setImagesPerSecond(Double imagesPerSecond) {
        this.imagesPerSecond = imagesPerSecond;
    }

    public Double getBestValidationAccuracy() {
        return bestValidationAccuracy;
    }

    public void setBestValidationAccuracy(Double bestValidationAccuracy) {
        this.bestValidationAccuracy = bestValidationAccuracy;
    }

    public Integer getRestarts() {
        return restarts;
    }

    public void setRestarts(Integer restarts) {
        this.restarts = restarts;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public String getLastCheckpoint() {
        return lastCheckpoint;
    }

    public void setLastCheckpoint(String lastCheckpoint) {
        this.lastCheckpoint = lastCheckpoint;
    }

    public String getModelArtifact() {
        return modelArtifact;
    }

    public void setModelArtifact(String modelArtifact) {
        this.modelArtifact = modelArtifact;
    }

    public String getCheckpointNotice() {
        return checkpointNotice;
    }

    public void setCheckpointNotice(String checkpointNotice) {
        this.checkpointNotice = checkpointNotice;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
