package dev.fovea.operator;

import dev.fovea.api.ObjectNames;
import dev.fovea.operator.dependent.TrainerPods;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Plays the Job controller and the kubelet, which the mock API server lacks: creates the pods of an Indexed Job and
 * moves them through Running and Terminated with exit codes and termination messages.
 */
final class GangSimulator {

    private final KubernetesClient client;
    private final String namespace;

    GangSimulator(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The Job controller's finalizer on the pods it tracks: it counts how a pod ended before the pod goes. */
    static final String JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

    void startPods(String job, int hosts, int attempt) {
        startPods(job, hosts, attempt, List.of());
    }

    /** Pods as the real Job controller makes them: with its tracking finalizer, so a deletion takes effect in steps. */
    void startTrackedPods(String job, int hosts, int attempt) {
        startPods(job, hosts, attempt, List.of(JOB_TRACKING_FINALIZER));
    }

    /**
     * What the Job controller and the kubelet do when a running Job is suspended (by Kueue or by hand): every pod is
     * deleted, its trainer gets SIGTERM and ends 143 — or 3 where it noticed its peer go first — and the pod goes once
     * the controller has counted it. Pods must have been started with {@link #startTrackedPods}.
     */
    void stopForSuspension(String job, int hosts, int attempt) {
        for (int host = 0; host < hosts; host++) {
            client.pods()
                    .inNamespace(namespace)
                    .withName(podName(job, host, attempt))
                    .delete();
        }
        for (int host = hosts - 1; host >= 0; host--) {
            terminate(job, host, attempt, host == 0 ? 3 : 143, host == 0 ? "PeerLost: algo-2 closed the stream" : "");
        }
        for (int host = 0; host < hosts; host++) {
            editPod(podName(job, host, attempt), pod -> {
                pod.getMetadata().setFinalizers(List.of());
                return pod;
            });
        }
    }

    private void startPods(String job, int hosts, int attempt, List<String> finalizers) {
        for (int host = 0; host < hosts; host++) {
            Map<String, String> labels = new HashMap<>(ObjectNames.selector(job));
            labels.put(TrainerPods.ATTEMPT_LABEL, Integer.toString(attempt));
            labels.put(TrainerPods.COMPLETION_INDEX, Integer.toString(host));
            Pod pod = new PodBuilder()
                    .withNewMetadata()
                    .withName(podName(job, host, attempt))
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .withFinalizers(finalizers)
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName(TrainerPods.TRAINER_CONTAINER)
                    .withImage("t")
                    .endContainer()
                    .endSpec()
                    .withNewStatus()
                    .withPhase("Running")
                    .withContainerStatuses(new ContainerStatusBuilder()
                            .withName(TrainerPods.TRAINER_CONTAINER)
                            .withNewState()
                            .withNewRunning()
                            .endRunning()
                            .endState()
                            .build())
                    .endStatus()
                    .build();
            client.resource(pod).create();
        }
    }

    void terminate(String job, int host, int attempt, int exitCode, String message) {
        editPod(podName(job, host, attempt), pod -> {
            pod.getStatus().setPhase(exitCode == 0 ? "Succeeded" : "Failed");
            pod.getStatus()
                    .setContainerStatuses(List.of(new ContainerStatusBuilder()
                            .withName(TrainerPods.TRAINER_CONTAINER)
                            .withNewState()
                            .withNewTerminated()
                            .withExitCode(exitCode)
                            .withMessage(message)
                            .endTerminated()
                            .endState()
                            .build()));
            return pod;
        });
    }

    void evict(String job, int host, int attempt) {
        editPod(podName(job, host, attempt), pod -> {
            pod.getStatus().setPhase("Failed");
            pod.getStatus().setReason("Evicted");
            pod.getStatus().setMessage("The node was low on resource: memory.");
            return pod;
        });
    }

    private static String podName(String job, int host, int attempt) {
        return job + "-" + host + "-a" + attempt;
    }

    /** The kubelet retries a status write that lost a race (the operator labels pods too). */
    private void editPod(String name, UnaryOperator<Pod> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.pods().inNamespace(namespace).withName(name).edit(change);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
