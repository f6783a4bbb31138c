package dev.fovea.operator.dependent;

import dev.fovea.api.contract.TrainerPodLayout;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.PodTemplate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lays what a job or an endpoint adds — {@code spec.podTemplate} and the image pull secrets of the operator and of
 * the resource — over the pod the operator rendered (its first container is the one the template's env and mounts
 * go into). It only adds: the api's rules keep a template's keys,
 * variables, volumes and mounts clear of the operator's, and what the operator sets wins where they would meet.
 */
public final class PodTemplateOverlay {

    private PodTemplateOverlay() {}

    static PodTemplateSpec apply(PodTemplateSpec pod, ImageClassificationJobSpec spec, GangSettings settings) {
        List<LocalObjectReference> own = spec.getResourceConfig() == null
                ? null
                : spec.getResourceConfig().getImagePullSecrets();
        return apply(pod, spec.getPodTemplate(), settings.imagePullSecrets(), own);
    }

    /**
     * @param operators the operator's image pull secrets
     * @param own the resource's own image pull secrets, or null
     */
    public static PodTemplateSpec apply(
            PodTemplateSpec pod, PodTemplate template, List<String> operators, List<LocalObjectReference> own) {
        PodSpec podSpec = pod.getSpec();
        podSpec.setImagePullSecrets(pullSecrets(operators, own));
        if (template == null) {
            return pod;
        }
        pod.getMetadata()
                .setLabels(under(template.getLabels(), pod.getMetadata().getLabels()));
        pod.getMetadata()
                .setAnnotations(
                        under(template.getAnnotations(), pod.getMetadata().getAnnotations()));
        podSpec.setAffinity(template.getAffinity());
        Container trainer = podSpec.getContainers().getFirst();
        if (template.getEnv() != null) {
            trainer.getEnv().addAll(template.getEnv());
        }
        if (template.getVolumes() != null) {
            podSpec.getVolumes().addAll(template.getVolumes());
        }
        if (template.getVolumeMounts() != null) {
            trainer.getVolumeMounts().addAll(template.getVolumeMounts());
        }
        if (template.getShmSize() != null) {
            podSpec.getVolumes()
                    .add(new VolumeBuilder()
                            .withName(TrainerPodLayout.SHM_VOLUME)
                            .withNewEmptyDir()
                            .withMedium("Memory")
                            .withSizeLimit(template.getShmSize())
                            .endEmptyDir()
                            .build());
            trainer.getVolumeMounts()
                    .add(new VolumeMountBuilder()
                            .withName(TrainerPodLayout.SHM_VOLUME)
                            .withMountPath(TrainerPodLayout.SHM_PATH)
                            .build());
        }
        return pod;
    }

    /** The operator's pull secrets, then the resource's, each name once; null (no field) when there are none. */
    private static List<LocalObjectReference> pullSecrets(List<String> operators, List<LocalObjectReference> own) {
        List<String> names = new ArrayList<>(operators);
        if (own != null) {
            own.stream()
                    .map(LocalObjectReference::getName)
                    .filter(Objects::nonNull)
                    .forEach(names::add);
        }
        List<LocalObjectReference> secrets = names.stream()
                .distinct()
                .map(name -> new LocalObjectReference(name))
                .toList();
        return secrets.isEmpty() ? null : secrets;
    }

    /** The template's entries with the operator's laid over them. */
    private static Map<String, String> under(Map<String, String> added, Map<String, String> operators) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (added != null) {
            merged.putAll(added);
        }
        if (operators != null) {
            merged.putAll(operators);
        }
        return merged;
    }
}
