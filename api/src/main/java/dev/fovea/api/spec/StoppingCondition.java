package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** When a job is stopped no matter how far it got (SageMaker's StoppingCondition). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StoppingCondition {

    @JsonPropertyDescription("Longest the job may run, in seconds, counted from its start and across restarts; "
            + "then it is stopped and Failed with reason DeadlineExceeded. Unset means no limit.")
    @Min(1)
    private Long maxRuntimeSeconds;

    public StoppingCondition() {}

    public StoppingCondition(Long maxRuntimeSeconds) {
        this.maxRuntimeSeconds = maxRuntimeSeconds;
    }

    public Long getMaxRuntimeSeconds() {
        return maxRuntimeSeconds;
    }

    public void setMaxRuntimeSeconds(Long maxRuntimeSeconds) {
        this.maxRuntimeSeconds = maxRuntimeSeconds;
    }
}
