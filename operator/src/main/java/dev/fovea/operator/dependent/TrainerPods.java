package dev.fovea.operator.dependent;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the operator reads off a trainer pod: which host it is, which attempt of the gang it belongs to, and how its
 * trainer container ended.
 */
public final class TrainerPods {

    public static final String TRAINER_CONTAINER = "trainer";
    /** Set by the Job controller on every pod of an Indexed Job. */
    public static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    /**
     * The gang attempt a pod belongs to (= {@code status.restarts} when its Job was created), so pods of a gang being
     * torn down are never mistaken for the new gang's.
     */
    public static final String ATTEMPT_LABEL = "fovea.dev/attempt";

    private TrainerPods() {}

    public static int hostIndex(Pod pod) {
        String index =
                firstPresent(pod.getMetadata().getLabels(), pod.getMetadata().getAnnotations(), COMPLETION_INDEX);
        try {
            return index == null ? -1 : Integer.parseInt(index);
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    private static int attempt(Pod pod) {
        return attemptOf(pod.getMetadata().getLabels());
    }

    /** The gang attempt an Indexed Job was made for (its pod template's label), -1 when it carries none. */
    public static int attemptOf(Job job) {
        var template = job.getSpec() == null ? null : job.getSpec().getTemplate();
        return template == null || template.getMetadata() == null
                ? -1
                : attemptOf(template.getMetadata().getLabels());
    }

    private static int attemptOf(Map<String, String> labels) {
        String attempt = labels == null ? null : labels.get(ATTEMPT_LABEL);
        try {
            return attempt == null ? -1 : Integer.parseInt(attempt);
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    public static List<Pod> ofAttempt(Collection<Pod> pods, int attempt) {
        return pods.stream().filter(pod -> attempt(pod) == attempt).toList();
    }

    /**
     * Labels each pod {@code fovea.dev/host-index: <k>}, which a Job's single pod template cannot do: the
     * value is the completion index the Job controller gave the pod. Pods already labelled are left alone.
     */
    public static void labelHostIndexes(KubernetesClient client, Collection<Pod> pods) {
        for (Pod pod : pods) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            int host = hostIndex(pod);
            if (host >= 0 && (labels == null || !labels.containsKey(ObjectNames.HOST_INDEX_LABEL))) {
                client.pods()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName())
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"labels\":{\"" + ObjectNames.HOST_INDEX_LABEL + "\":\"" + host
                                        + "\"}}}");
            }
        }
    }

    /** Pod events of the trainer pods, each mapped to its job by the {@code fovea.dev/job-name} label. */
    public static InformerEventSource<Pod, ImageClassificationJob> eventSource(
            EventSourceContext<ImageClassificationJob> context) {
        return new InformerEventSource<>(informerConfiguration(), context);
    }

    /** Only pods Fovea made are watched (the label selector), so the operator never caches the cluster's others. */
    static InformerEventSourceConfiguration<Pod> informerConfiguration() {
        return InformerEventSourceConfiguration.from(Pod.class, ImageClassificationJob.class)
                .withLabelSelector(ObjectNames.MANAGED_BY_SELECTOR)
                .withSecondaryToPrimaryMapper(pod -> Optional.ofNullable(
                                pod.getMetadata().getLabels())
                        .map(labels -> labels.get(ObjectNames.JOB_NAME_LABEL))
                        .map(job -> Set.of(new ResourceID(job, pod.getMetadata().getNamespace())))
                        .orElse(Set.of()))
                .build();
    }

    public static Optional<ContainerStateTerminated> trainerTerminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(status -> TRAINER_CONTAINER.equals(status.getName()))
                .map(ContainerStatus::getState)
                .filter(state -> state != null && state.getTerminated() != null)
                .map(state -> state.getTerminated())
                .findFirst();
    }

    private static String firstPresent(Map<String, String> labels, Map<String, String> annotations, String key) {
        if (labels != null && labels.containsKey(key)) {
            return labels.get(key);
        }
        return annotations == null ? null : annotations.get(key);
    }
}
