package dev.fovea.api.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * A trainer's progress: what rank 0 serves at {@code GET /progress}, what every host writes as its termination
 * message when it exits, and what the operator copies into the job's status. Fields a host does not know yet are null.
 * A copy that changes a few fields names only those: {@code withPhase(…)}, or {@code with(copy -> copy.phase(…).x(…))}
 * for several (from the generated {@link ProgressBuilder.With}); {@link ProgressBuilder#builder()} starts from all null.
 *
 * @param epoch the epoch in progress or last finished, 1-based (0 before the first)
 * @param totalEpochs the epochs the job will run
 * @param step batches done in the current epoch
 * @param imagesPerSecond training throughput of the whole gang over the last epoch
 * @param trainAccuracy training accuracy of the last finished epoch
 * @param validationAccuracy validation accuracy of the last finished epoch
 * @param topKAccuracy validation top-k accuracy (k = topK) of the last finished epoch
 * @param loss training loss of the last finished epoch
 * @param lastCheckpoint the newest complete checkpoint, e.g. {@code epoch-0004}
 * @param phase what the host is doing
 * @param bestValidationAccuracy the best validation accuracy of any epoch so far
 * @param modelArtifact where the model was written, once training succeeded
 * @param failure why the host failed, as written to {@code output/failure} (e.g. {@code ClientError: …}); null unless
 *     the phase is Failed
 * @param checkpointNotice what a person must know about the checkpoint the run started from, e.g. that the newest
 *     ones were damaged and skipped, or that none was intact and training started over; null when nothing was skipped
 */
@RecordBuilder
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Progress(
        Integer epoch,
        Integer totalEpochs,
        Long step,
        Double imagesPerSecond,
        Double trainAccuracy,
        Double validationAccuracy,
        Double topKAccuracy,
        Double loss,
        String lastCheckpoint,
        TrainerPhase phase,
        Double bestValidationAccuracy,
        String modelArtifact,
        String failure,
        String checkpointNotice)
        implements ProgressBuilder.With {

    /** The most a Kubernetes termination message may hold. */
    public static final int TERMINATION_MESSAGE_LIMIT_BYTES = 4096;

    /** The longest failure reason kept, so that the whole progress still fits a termination message. */
    public static final int FAILURE_LIMIT_CHARS = 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .build();

    /** Progress of a host that has just started. */
    public static Progress starting(int totalEpochs) {
        return ProgressBuilder.builder()
                .epoch(0)
                .totalEpochs(totalEpochs)
                .step(0L)
                .phase(TrainerPhase.Starting)
                .build();
    }

    /** This progress as compact JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Progress holds only numbers and strings", e);
        }
    }

    /**
     * Reads progress JSON, e.g. a termination message. Unknown fields and phases are ignored so that an operator can
     * read a newer trainer's progress.
     *
     * @throws IllegalArgumentException when {@code json} is not a progress object
     */
    public static Progress fromJson(String json) {
        try {
            return JSON.readValue(json, Progress.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a progress JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** A failed copy carrying {@code reason}, cut to {@link #FAILURE_LIMIT_CHARS}. */
    public Progress failedWith(String reason) {
        String kept = reason == null || reason.length() <= FAILURE_LIMIT_CHARS
                ? reason
                : reason.substring(0, FAILURE_LIMIT_CHARS - 1) + "…";
        return with(copy -> copy.phase(TrainerPhase.Failed).failure(kept));
    }
}
