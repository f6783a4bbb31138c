package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** The hosts a job runs on: how many, what each gets, and where they may be scheduled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceConfig extends ContainerImageSpec {

    /** Hosts when instanceCount is unset. */
    public static final int DEFAULT_INSTANCE_COUNT = 1;
    /** The most hosts one job may have: the gradient exchange is all-to-all. */
    public static final int MAX_INSTANCE_COUNT = 64;

    @JsonPropertyDescription("Number of hosts (trainer pods) in the gang; SageMaker's InstanceCount. Default: 1.")
    @Min(1)
    @Max(MAX_INSTANCE_COUNT)
    private Integer instanceCount;

    @JsonPropertyDescription("GPUs per host, requested as nvidia.com/gpu; 0 trains on CPU. Default: 0.")
    @Min(0)
    @Max(16)
    private Integer gpusPerHost;

    @JsonPropertyDescription("CPU requested (and limited to) per host, e.g. \"4\" or \"3500m\". Default: none.")
    private Quantity cpu;

    @JsonPropertyDescription("Memory requested (and limited to) per host, e.g. \"8Gi\". Default: none.")
    private Quantity memory;

    @JsonPropertyDescription("Node labels the trainer pods must match.")
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations of the trainer pods, e.g. for tainted GPU nodes.")
    private List<Toleration> tolerations;

    @JsonPropertyDescription("PriorityClass of the trainer pods.")
    private String priorityClassName;

    @JsonPropertyDescription("Scheduler of the trainer pods, e.g. a gang scheduler; default: the cluster's.")
    private String schedulerName;

    /** The number of hosts, SageMaker's default (1) when unset. */
    public int hostCount() {
        return instanceCount == null ? DEFAULT_INSTANCE_COUNT : instanceCount;
    }

    public Integer getInstanceCount() {
        return instanceCount;
    }

    public void setInstanceCount(Integer instanceCount) {
        this.instanceCount = instanceCount;
    }

    public Integer getGpusPerHost() {
        return gpusPerHost;
    }

    public void setGpusPerHost(Integer gpusPerHost) {
        this.gpusPerHost = gpusPerHost;
    }

    public Quantity getCpu() {
        return cpu;
    }

    public void setCpu(Quantity cpu) {
        this.cpu = cpu;
    }

    public Quantity getMemory() {
        return memory;
    }

    public void setMemory(Quantity memory) {
        this.memory = memory;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public String getPriorityClassName() {
        return priorityClassName;
    }

    public void setPriorityClassName(String priorityClassName) {
        this.priorityClassName = priorityClassName;
    }

    public String getSchedulerName() {
        return schedulerName;
    }

    public void setSchedulerName(String schedulerName) {
        this.schedulerName = schedulerName;
    }
}
