package dev.fovea.operator.dependent;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Volcano's PodGroup {@code <job>} with {@code minMember = instanceCount}, so Volcano schedules the whole gang or none
 * of it, in the Queue the job's {@value #QUEUE_ANNOTATION} annotation names (Volcano's convention for workloads it
 * did not create); the pods join it through the {@value #GROUP_ANNOTATION} annotation. Only for jobs whose
 * {@code resourceConfig.schedulerName} is {@value #VOLCANO}.
 *
 * <p>Written with the client rather than as a JOSDK dependent on purpose: a dependent would start an informer on
 * PodGroups, which fails on every cluster without Volcano's CRD, and QOSDK 7.4 cannot configure a generic dependent
 * for a type known only by its GroupVersionKind. The PodGroup is owned by the job, so it goes when the job goes.
 */
public final class VolcanoPodGroup {

    public static final String VOLCANO = "volcano";
    public static final String GROUP_ANNOTATION = ObjectNames.VOLCANO_GROUP_ANNOTATION;
    /**
     * Volcano's annotation that names the Queue a workload is submitted to; on the job it becomes the PodGroup's
     * {@code spec.queue} (Volcano's default queue when absent).
     */
    public static final String QUEUE_ANNOTATION = ObjectNames.VOLCANO_QUEUE_ANNOTATION;

    public static final ResourceDefinitionContext POD_GROUP = new ResourceDefinitionContext.Builder()
            .withGroup("scheduling.volcano.sh")
            .withVersion("v1beta1")
            .withKind("PodGroup")
            .withPlural("podgroups")
            .withNamespaced(true)
            .build();

    private VolcanoPodGroup() {}

    public static boolean isWanted(ImageClassificationJob job) {
        var resources = job.getSpec().getResourceConfig();
        return resources != null && VOLCANO.equals(resources.getSchedulerName());
    }

    public static String name(String job) {
        return job;
    }

    /** The Volcano Queue the job asks for with {@value #QUEUE_ANNOTATION}, if any. */
    public static Optional<String> queue(ImageClassificationJob job) {
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(QUEUE_ANNOTATION));
    }

    /** Creates the PodGroup, or brings minMember back in line; a no-op when it already matches. */
    public static void apply(KubernetesClient client, ImageClassificationJob job) {
        GenericKubernetesResource desired = desired(job);
        var podGroups = client.genericKubernetesResources(POD_GROUP)
                .inNamespace(job.getMetadata().getNamespace());
        GenericKubernetesResource existing =
                podGroups.withName(desired.getMetadata().getName()).get();
        Object spec = desired.getAdditionalProperties().get("spec");
        if (existing == null) {
            podGroups.resource(desired).create();
        } else if (!spec.equals(existing.getAdditionalProperties().get("spec"))) {
            existing.setAdditionalProperty("spec", spec);
            podGroups.resource(existing).update();
        }
    }

    static GenericKubernetesResource desired(ImageClassificationJob job) {
        String name = job.getMetadata().getName();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("minMember", job.getSpec().hostCount());
        String priorityClass = job.getSpec().getResourceConfig().getPriorityClassName();
        if (priorityClass != null) {
            spec.put("priorityClassName", priorityClass);
        }
        queue(job).ifPresent(queue -> spec.put("queue", queue));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(POD_GROUP.getGroup() + "/" + POD_GROUP.getVersion())
                .withKind(POD_GROUP.getKind())
                .withNewMetadata()
                .withName(name(name))
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(ObjectNames.labels(name))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(job.getApiVersion())
                        .withKind(job.getKind())
                        .withName(name)
                        .withUid(job.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(false)
                        .build())
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }
}
