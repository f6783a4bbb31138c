package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;

/** Writes what the kubelet and the Job controller would write: pod phases and container states, Job counters. */
final class StatusWriter {

    private final KubernetesClient client;

    StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    void podRunning(Pod pod, String container) {
        String now = Instant.now().toString();
        pod.setStatus(new PodStatusBuilder()
                .withPhase("Running")
                .withPodIP("127.0.0.1")
                .withStartTime(now)
                .withContainerStatuses(running(container, "fovea-trainer", true, now))
                .build());
        unconditionally(pod.getMetadata());
        client.pods().resource(pod).updateStatus();
    }

    void podTerminated(Pod pod, String container, int exitCode, String message) {
        String now = Instant.now().toString();
        Pod current = sameIncarnation(pod);
        if (current == null) {
            return;
        }
        current.setStatus(new PodStatusBuilder()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .withPodIP("127.0.0.1")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(container)
                        .withReady(false)
                        .withRestartCount(0)
                        .withImage("fovea-trainer")
                        .withState(new ContainerStateBuilder()
                                .withNewTerminated()
                                .withExitCode(exitCode)
                                .withReason(exitCode == 0 ? "Completed" : "Error")
                                .withMessage(message)
                                .withFinishedAt(now)
                                .endTerminated()
                                .build())
                        .build())
                .build());
        unconditionally(current.getMetadata());
        client.pods().resource(current).updateStatus();
    }

    /** A Deployment's pod runs; {@code ready} once its readiness probe answered (the Service then routes to it). */
    void servingPod(Pod pod, boolean ready) {
        String now = Instant.now().toString();
        Pod current = sameIncarnation(pod);
        if (current == null) {
            return;
        }
        String readiness = ready ? "True" : "False";
        current.setStatus(new PodStatusBuilder()
                .withPhase("Running")
                .withPodIP("127.0.0.1")
                .withStartTime(now)
                .addNewCondition()
                .withType("Ready")
                .withStatus(readiness)
                .withLastTransitionTime(now)
                .endCondition()
                .addNewCondition()
                .withType("ContainersReady")
                .withStatus(readiness)
                .withLastTransitionTime(now)
                .endCondition()
                .withContainerStatuses(running(
                        pod.getSpec().getContainers().getFirst().getName(),
                        pod.getSpec().getContainers().getFirst().getImage(),
                        ready,
                        now))
                .build());
        unconditionally(current.getMetadata());
        client.pods().resource(current).updateStatus();
    }

    /** A Deployment's replica counts, and its Available and Progressing conditions as the Deployment controller sets them. */
    void deployment(Deployment deployment, DeploymentCounts counts) {
        Deployment current = client.apps()
                .deployments()
                .inNamespace(deployment.getMetadata().getNamespace())
                .withName(deployment.getMetadata().getName())
                .get();
        if (current == null
                || !current.getMetadata()
                        .getUid()
                        .equals(deployment.getMetadata().getUid())) {
            return;
        }
        String now = Instant.now().toString();
        current.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(counts.observedGeneration())
                .withReplicas(counts.replicas())
                .withUpdatedReplicas(counts.updated())
                .withReadyReplicas(counts.ready())
                .withAvailableReplicas(counts.ready())
                .withUnavailableReplicas(Math.max(0, counts.replicas() - counts.ready()))
                .addNewCondition()
                .withType("Available")
                .withStatus(counts.ready() >= counts.desired() ? "True" : "False")
                .withReason(
                        counts.ready() >= counts.desired() ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .withLastUpdateTime(now)
                .withLastTransitionTime(now)
                .endCondition()
                .addNewCondition()
                .withType("Progressing")
                .withStatus("True")
                .withReason(counts.rolledOut() ? "NewReplicaSetAvailable" : "ReplicaSetUpdated")
                .withLastUpdateTime(now)
                .withLastTransitionTime(now)
                .endCondition()
                .build());
        unconditionally(current.getMetadata());
        client.apps().deployments().resource(current).updateStatus();
    }

    /**
     * The Job controller has counted how the pod ended: its tracking finalizer goes, and with it the pod, if it was
     * marked deleting.
     */
    void counted(Pod pod) {
        Pod current = sameIncarnation(pod);
        if (current == null || !current.getMetadata().getFinalizers().contains(TrainerPods.JOB_TRACKING_FINALIZER)) {
            return;
        }
        current.getMetadata().getFinalizers().remove(TrainerPods.JOB_TRACKING_FINALIZER);
        unconditionally(current.getMetadata());
        client.pods().resource(current).update();
    }

    /** Deletes a pod that no longer runs, at once: marked deleting, then released (nothing when {@code pod} is null). */
    void remove(Pod pod) {
        if (pod != null) {
            client.resource(pod).delete();
            counted(pod);
        }
    }

    /** Sets the Job's counters and, when the Job has ended, its Complete or Failed condition. */
    void job(Job job, int active, int succeeded, int failed, String endCondition, String reason) {
        Job current = client.batch()
                .v1()
                .jobs()
                .inNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName())
                .get();
        if (current == null
                || !current.getMetadata().getUid().equals(job.getMetadata().getUid())) {
            return;
        }
        JobStatus status = current.getStatus() == null ? new JobStatus() : current.getStatus();
        String now = Instant.now().toString();
        if (status.getStartTime() == null) {
            status.setStartTime(now);
        }
        status.setActive(active);
        status.setSucceeded(succeeded);
        status.setFailed(failed);
        if (endCondition != null) {
            var conditions =
                    new ArrayList<>(status.getConditions() == null ? java.util.List.of() : status.getConditions());
            conditions.add(new JobConditionBuilder()
                    .withType(endCondition)
                    .withStatus("True")
                    .withReason(reason)
                    .withLastTransitionTime(now)
                    .withLastProbeTime(now)
                    .build());
            status.setConditions(conditions);
            if (endCondition.equals("Complete")) {
                status.setCompletionTime(now);
            }
        }
        current.setStatus(status);
        unconditionally(current.getMetadata());
        client.batch().v1().jobs().resource(current).updateStatus();
    }

    /** The pod as the API server has it now, or null when it is gone or was replaced by one of the same name. */
    private Pod sameIncarnation(Pod pod) {
        Pod current = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .get();
        return current != null
                        && current.getMetadata()
                                .getUid()
                                .equals(pod.getMetadata().getUid())
                ? current
                : null;
    }

    private static ContainerStatus running(String container, String image, boolean ready, String since) {
        return new ContainerStatusBuilder()
                .withName(container)
                .withReady(ready)
                .withStarted(true)
                .withRestartCount(0)
                .withImage(image)
                .withState(new ContainerStateBuilder()
                        .withNewRunning()
                        .withStartedAt(since)
                        .endRunning()
                        .build())
                .build();
    }

    /**
     * The kubelet and the Job controller own status: their writes must not fail because the operator labelled or
     * patched the object meanwhile, so they are sent without a resourceVersion (an unconditional update).
     */
    private static void unconditionally(ObjectMeta metadata) {
        metadata.setResourceVersion(null);
    }
}
