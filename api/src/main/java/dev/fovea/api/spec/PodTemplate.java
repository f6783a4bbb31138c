package dev.fovea.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;

/**
 * What a job adds to its trainer pods, as a Kubeflow or Volcano pod template would: metadata, affinity, environment,
 * extra volumes and shared memory. It adds to what the operator renders and never replaces it (the rules are in
 * {@code validation/PodTemplateRules}); placement that SageMaker's ResourceConfig already covers — nodeSelector,
 * tolerations, priorityClassName, schedulerName, the image and its pull secrets — stays in {@code resourceConfig}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodTemplate {

    @JsonPropertyDescription(
            "Labels added to every trainer pod. Fovea's own (app.kubernetes.io/managed-by, fovea.dev/*)"
                    + " and the Job controller's (batch.kubernetes.io/*) are reserved.")
    private Map<String, String> labels;

    @JsonPropertyDescription(
            "Annotations added to every trainer pod, e.g. for a service mesh or a log shipper. fovea.dev/*"
                    + ", batch.kubernetes.io/* and Volcano's scheduling.k8s.io/group-name are reserved.")
    private Map<String, String> annotations;

    @JsonPropertyDescription("Affinity of the trainer pods, as on a Pod: e.g. keep a gang in one zone or on nodes with "
            + "a fast interconnect.")
    private Affinity affinity;

    @JsonPropertyDescription("Environment variables added to the trainer container, e.g. NCCL_SOCKET_IFNAME. Names "
            + "starting with FOVEA_ and JOB_COMPLETION_INDEX are set by the operator and reserved.")
    private List<EnvVar> env;

    @JsonPropertyDescription(
            "Extra volumes of the trainer pods, as on a Pod; mount them with volumeMounts. The operator's"
                    + " own volume names (config, input-config, output, model, checkpoints, tmp, dshm, channel-*) are "
                    + "reserved.")
    private List<Volume> volumes;

    @JsonPropertyDescription(
            "Mounts of the extra volumes into the trainer container. /opt/ml (SageMaker's layout), /tmp"
                    + " and /dev/shm belong to the operator and cannot be mounted over or into.")
    private List<VolumeMount> volumeMounts;

    @JsonPropertyDescription("Size of /dev/shm, a memory-backed emptyDir (counted against the pod's memory), e.g. "
            + "\"8Gi\" for NCCL on several GPUs per host. Unset: the container runtime's default (usually 64Mi).")
    private Quantity shmSize;

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public List<Volume> getVolumes() {
        return volumes;
    }

    public void setVolumes(List<Volume> volumes) {
        this.volumes = volumes;
    }

    public List<VolumeMount> getVolumeMounts() {
        return volumeMounts;
    }

    public void setVolumeMounts(List<VolumeMount> volumeMounts) {
        this.volumeMounts = volumeMounts;
    }

    public Quantity getShmSize() {
        return shmSize;
    }

    public void setShmSize(Quantity shmSize) {
        this.shmSize = shmSize;
    }
}
