package dev.fovea.operator.endpoint;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.FetchCommandLine;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.Ports;
import dev.fovea.api.contract.ServingShutdown;
import dev.fovea.api.contract.TrainerPodLayout;
import dev.fovea.api.spec.ImageClassificationEndpointSpec;
import dev.fovea.api.spec.ServingOptions;
import dev.fovea.operator.dependent.PodSecurity;
import dev.fovea.operator.dependent.PodTemplateOverlay;
import dev.fovea.operator.dependent.S3Fetch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod of one serving replica: the image's {@code serve} command on port 8080 with the model at
 * {@code /opt/ml/model} — a PVC directory mounted read-only, or an emptyDir the trainer image's {@code fovea fetch}
 * fills from S3 first. Its security context, fetch init container and pod-template overlay are the trainer pods'.
 */
public final class ServingPodTemplate {

    public static final String SERVE_CONTAINER = "serve";
    /** serve loads and warms up the model before /ping answers: up to this long (failures × period). */
    private static final int STARTUP_PROBE_FAILURES = 60;

    private static final int PROBE_PERIOD_SECONDS = 5;

    private ServingPodTemplate() {}

    public static PodTemplateSpec build(ImageClassificationEndpoint endpoint, ServingSettings settings) {
        String name = endpoint.getMetadata().getName();
        ImageClassificationEndpointSpec spec = endpoint.getSpec();
        Container image = new ContainerBuilder()
                .withImage(settings.image())
                .withImagePullPolicy(spec.pullPolicyOrDefault())
                .build();
        ResolvedModel model = settings.model();
        String modelDir = MlRoot.DEFAULT.modelDir().toString();
        List<Container> initContainers = new ArrayList<>();
        Volume modelVolume;
        VolumeMountBuilder modelMount =
                new VolumeMountBuilder().withName(TrainerPodLayout.MODEL_VOLUME).withMountPath(modelDir);
        if (model.claim() != null) {
            modelVolume = new VolumeBuilder()
                    .withName(TrainerPodLayout.MODEL_VOLUME)
                    .withNewPersistentVolumeClaim()
                    .withClaimName(model.claim().getClaimName())
                    .withReadOnly(true)
                    .endPersistentVolumeClaim()
                    .build();
            String subPath = model.claim().getSubPath();
            modelMount.withSubPath(subPath == null ? "" : subPath).withReadOnly(true);
        } else {
            modelVolume = emptyDir(TrainerPodLayout.MODEL_VOLUME);
            initContainers.add(S3Fetch.container(
                    TrainerPodLayout.MODEL_VOLUME,
                    modelDir,
                    image,
                    FetchCommandLine.arguments(model.s3().getUri(), modelDir, null, null, 1),
                    S3Fetch.env(model.s3(), "")));
        }
        Map<String, String> annotations = new HashMap<>();
        annotations.put(ObjectNames.MODEL_ANNOTATION, model.digest());
        PodTemplateSpec pod = new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(new HashMap<>(ObjectNames.endpointLabels(name)))
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(settings.serviceAccount())
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(PodSecurity.pod())
                .withTerminationGracePeriodSeconds((long) ServingShutdown.POD_GRACE_SECONDS)
                .withInitContainers(initContainers)
                .withContainers(new ContainerBuilder()
                        .withName(SERVE_CONTAINER)
                        .withImage(settings.image())
                        .withImagePullPolicy(image.getImagePullPolicy())
                        .withArgs("serve")
                        .withEnv(env(spec.getServing()))
                        .addNewPort()
                        .withName(Ports.INFERENCE_NAME)
                        .withContainerPort(Ports.INFERENCE)
                        .endPort()
                        .withStartupProbe(ping(STARTUP_PROBE_FAILURES))
                        .withReadinessProbe(ping(2))
                        .withLivenessProbe(listening())
                        .withNewLifecycle()
                        .withNewPreStop()
                        .withNewExec()
                        .withCommand("sleep", Integer.toString(ServingShutdown.PRE_STOP_SECONDS))
                        .endExec()
                        .endPreStop()
                        .endLifecycle()
                        .withVolumeMounts(
                                modelMount.build(), mount(TrainerPodLayout.TMP_VOLUME, TrainerPodLayout.TMP_PATH))
                        .withResources(spec.getResources())
                        .withSecurityContext(PodSecurity.container())
                        .withTerminationMessagePolicy("FallbackToLogsOnError")
                        .build())
                .withVolumes(modelVolume, emptyDir(TrainerPodLayout.TMP_VOLUME))
                .endSpec()
                .build();
        return PodTemplateOverlay.apply(
                pod, spec.getPodTemplate(), settings.imagePullSecrets(), spec.getImagePullSecrets());
    }

    /** serve's options the endpoint sets, as the variables serve reads; unset ones keep serve's defaults. */
    private static List<EnvVar> env(ServingOptions serving) {
        List<EnvVar> env = new ArrayList<>();
        if (serving == null) {
            return env;
        }
        add(env, ContainerEnvironment.SERVE_MAX_BATCH_SIZE, serving.getMaxBatchSize());
        add(env, ContainerEnvironment.SERVE_MAX_BATCH_DELAY_MS, serving.getMaxBatchDelayMs());
        add(env, ContainerEnvironment.SERVE_MAX_BODY_BYTES, serving.getMaxBodyBytes());
        return env;
    }

    private static void add(List<EnvVar> env, String name, Number value) {
        if (value != null) {
            env.add(new EnvVarBuilder()
                    .withName(name)
                    .withValue(value.toString())
                    .build());
        }
    }

    /** GET /ping on the serving port, every {@link #PROBE_PERIOD_SECONDS}, failing after {@code failures} misses. */
    private static Probe ping(int failures) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(Ports.PING_PATH)
                .withNewPort(Ports.INFERENCE_NAME)
                .endHttpGet()
                .withPeriodSeconds(PROBE_PERIOD_SECONDS)
                .withFailureThreshold(failures)
                .build();
    }

    /**
     * The serving port accepts connections. Not /ping: beyond its connection limit serve answers every new
     * connection 503, the kubelet's too, and a liveness probe would restart a pod for being busy.
     */
    private static Probe listening() {
        return new ProbeBuilder()
                .withNewTcpSocket()
                .withNewPort(Ports.INFERENCE_NAME)
                .endTcpSocket()
                .withPeriodSeconds(PROBE_PERIOD_SECONDS)
                .withFailureThreshold(3)
                .build();
    }

    private static VolumeMount mount(String volume, String path) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
    }

    private static Volume emptyDir(String name) {
        return new VolumeBuilder()
                .withName(name)
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
    }
}
