package dev.fovea.operator;

import dev.fovea.api.ObjectNames;
import dev.fovea.operator.dependent.TrainerPods;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
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

    void startPods(String job, int hosts, int attempt) {
        for (int host = 0; host < hosts; host++) {
            Map<String, String> labels = new HashMap<>(ObjectNames.selector(job));
            labels.put(TrainerPods.ATTEMPT_LABEL, Integer.toString(attempt));
            labels.put(TrainerPods.COMPLETION_INDEX, Integer.toString(host));
            Pod pod = new PodBuilder()
                    .withNewMetadata()
                    .withName(job + "-" + host + "-a" + attempt)
                    .withNamespace(namespace)
                    .withLabels(labels)
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
        editPod(job + "-" + host + "-a" + attempt, pod -> {
            pod.getStatus().setPhase(exitCode == 0 ? "Succeeded" : "Failed");
            pod.getStatus()
                    .setContainerStatuses(java.util.List.of(new ContainerStatusBuilder()
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
        editPod(job + "-" + host + "-a" + attempt, pod -> {
            pod.getStatus().setPhase("Failed");
            pod.getStatus().setReason("Evicted");
            pod.getStatus().setMessage("The node was low on resource: memory.");
            return pod;
        });
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
