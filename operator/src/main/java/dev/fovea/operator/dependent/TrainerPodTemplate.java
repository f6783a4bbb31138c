package dev.fovea.operator.dependent;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.Ports;
import dev.fovea.api.contract.TrainerPodLayout;
import dev.fovea.api.spec.ResourceConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod of one trainer host. It runs the image's {@code train} command against the SageMaker layout under
 * {@code /opt/ml}; {@code input/config/resourceconfig.json} is host k's file {@code resourceconfig-<k>.json} from the
 * job's ConfigMap, picked with {@code subPathExpr} from the pod's completion index — no init step and no shell.
 */
public final class TrainerPodTemplate {

    public static final String TMP_VOLUME = TrainerPodLayout.TMP_VOLUME;
    static final String CONFIG_VOLUME = TrainerPodLayout.CONFIG_VOLUME;

    private TrainerPodTemplate() {}

    public static PodTemplateSpec build(ImageClassificationJob job, GangSettings settings) {
        String name = job.getMetadata().getName();
        ResourceConfig resources = job.getSpec().getResourceConfig() == null
                ? new ResourceConfig()
                : job.getSpec().getResourceConfig();
        DataVolumes data = new DataVolumes(
                settings.specInForce(job),
                new ContainerBuilder()
                        .withImage(settings.trainerImage())
                        .withImagePullPolicy(resources.pullPolicyOrDefault())
                        .build());
        Map<String, String> labels = new HashMap<>(ObjectNames.selector(name));
        labels.put(TrainerPods.ATTEMPT_LABEL, Integer.toString(settings.attempt()));
        Map<String, String> annotations = new HashMap<>();
        if (VolcanoPodGroup.isWanted(job)) {
            annotations.put(VolcanoPodGroup.GROUP_ANNOTATION, VolcanoPodGroup.name(name));
        }
        PodTemplateSpec pod = new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withSubdomain(ObjectNames.hostsService(name))
                .withRestartPolicy("Never")
                .withServiceAccountName(settings.serviceAccount())
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(PodSecurity.pod())
                .withNodeSelector(resources.getNodeSelector())
                .withTolerations(resources.getTolerations())
                .withPriorityClassName(resources.getPriorityClassName())
                .withSchedulerName(resources.getSchedulerName())
                .withInitContainers(data.initContainers)
                .withContainers(trainer(name, resources, settings, data))
                .addAllToVolumes(data.volumes)
                .addToVolumes(new io.fabric8.kubernetes.api.model.VolumeBuilder()
                        .withName(CONFIG_VOLUME)
                        .withNewConfigMap()
                        .withName(ObjectNames.configMap(name))
                        .endConfigMap()
                        .build())
                .addToVolumes(
                        DataVolumes.emptyDir(TrainerPodLayout.INPUT_CONFIG_VOLUME),
                        DataVolumes.emptyDir(TrainerPodLayout.OUTPUT_VOLUME),
                        DataVolumes.emptyDir(TMP_VOLUME))
                .endSpec()
                .build();
        return PodTemplateOverlay.apply(pod, job.getSpec(), settings);
    }

    private static Container trainer(String job, ResourceConfig resources, GangSettings settings, DataVolumes data) {
        List<EnvVar> env = new ArrayList<>();
        env.add(completionIndex());
        env.add(new EnvVarBuilder()
                .withName(ContainerEnvironment.JOB_NAME)
                .withValue(job)
                .build());
        env.add(new EnvVarBuilder()
                .withName(ContainerEnvironment.EXCHANGE_TOKEN)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(ObjectNames.tokenSecret(job))
                .withKey(TokenSecretDependent.TOKEN_KEY)
                .endSecretKeyRef()
                .endValueFrom()
                .build());
        env.addAll(data.trainerEnv);
        List<VolumeMount> mounts = new ArrayList<>(data.trainerMounts);
        mounts.add(mount(TrainerPodLayout.INPUT_CONFIG_VOLUME, MlRoot.DEFAULT.configDir() + "/"));
        mounts.add(new VolumeMountBuilder()
                .withName(CONFIG_VOLUME)
                .withMountPath(MlRoot.DEFAULT.hyperParametersFile().toString())
                .withSubPath(ConfigDependent.HYPERPARAMETERS)
                .withReadOnly(true)
                .build());
        mounts.add(new VolumeMountBuilder()
                .withName(CONFIG_VOLUME)
                .withMountPath(MlRoot.DEFAULT.inputDataConfigFile().toString())
                .withSubPath(ConfigDependent.INPUT_DATA_CONFIG)
                .withReadOnly(true)
                .build());
        mounts.add(new VolumeMountBuilder()
                .withName(CONFIG_VOLUME)
                .withMountPath(MlRoot.DEFAULT.resourceConfigFile().toString())
                .withSubPathExpr(
                        ConfigDependent.resourceConfigKey("$(" + ContainerEnvironment.JOB_COMPLETION_INDEX + ")"))
                .withReadOnly(true)
                .build());
        mounts.add(
                mount(TrainerPodLayout.OUTPUT_VOLUME, MlRoot.DEFAULT.outputDir().toString()));
        mounts.add(mount(TMP_VOLUME, TrainerPodLayout.TMP_PATH));
        return new ContainerBuilder()
                .withName(TrainerPods.TRAINER_CONTAINER)
                .withImage(settings.trainerImage())
                .withImagePullPolicy(resources.pullPolicyOrDefault())
                .withArgs("train")
                .withEnv(env)
                .addNewPort()
                .withName(Ports.OBSERVE_NAME)
                .withContainerPort(Ports.OBSERVE)
                .endPort()
                .addNewPort()
                .withName(Ports.EXCHANGE_NAME)
                .withContainerPort(Ports.EXCHANGE)
                .endPort()
                .withVolumeMounts(mounts)
                .withResources(resources(resources))
                .withSecurityContext(PodSecurity.container())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
    }

    /** The pod's completion index as {@code JOB_COMPLETION_INDEX}, from the annotation the Job controller sets. */
    static EnvVar completionIndex() {
        return new EnvVarBuilder()
                .withName(ContainerEnvironment.JOB_COMPLETION_INDEX)
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.annotations['" + TrainerPods.COMPLETION_INDEX + "']")
                .endFieldRef()
                .endValueFrom()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.ResourceRequirements resources(ResourceConfig resources) {
        Map<String, Quantity> amounts = new HashMap<>();
        if (resources.getCpu() != null) {
            amounts.put("cpu", resources.getCpu());
        }
        if (resources.getMemory() != null) {
            amounts.put("memory", resources.getMemory());
        }
        Map<String, Quantity> limits = new HashMap<>(amounts);
        if (resources.getGpusPerHost() != null && resources.getGpusPerHost() > 0) {
            limits.put("nvidia.com/gpu", new Quantity(resources.getGpusPerHost().toString()));
        }
        return new ResourceRequirementsBuilder()
                .withRequests(amounts)
                .withLimits(limits)
                .build();
    }

    private static VolumeMount mount(String volume, String path) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
    }
}
