package dev.fovea.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.PodTemplate;
import dev.fovea.api.spec.ResourceConfig;
import dev.fovea.api.spec.Violation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTemplateRulesTest {

    @Test
    void aTemplateThatOnlyAddsIsValid() {
        PodTemplate template = new PodTemplate();
        template.setLabels(Map.of("team", "vision", "example.com/cost-center", "ml-42"));
        template.setAnnotations(Map.of("sidecar.istio.io/inject", "false"));
        template.setEnv(List.of(new EnvVar("NCCL_DEBUG", "INFO", null)));
        template.setVolumes(List.of(volume("cache")));
        template.setVolumeMounts(List.of(mount("cache", "/cache")));
        template.setShmSize(new Quantity("8Gi"));

        assertThat(JobValidator.validate(spec(template))).isEmpty();
    }

    @Test
    void theOperatorsLabelsVariablesVolumesAndPathsAreNotTheTemplates() {
        PodTemplate template = new PodTemplate();
        template.setLabels(Map.of("fovea.dev/job-name", "other", "app.kubernetes.io/managed-by", "me"));
        template.setAnnotations(Map.of("scheduling.k8s.io/group-name", "someone-elses"));
        template.setEnv(List.of(new EnvVar("FOVEA_EXCHANGE_TOKEN", "guess", null)));
        template.setVolumes(List.of(volume("checkpoints"), volume("channel-train")));
        template.setVolumeMounts(List.of(mount("checkpoints", "/opt/ml/checkpoints"), mount("channel-train", "/opt")));

        assertThat(JobValidator.validate(spec(template)))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "spec.podTemplate.labels[fovea.dev/job-name]",
                        "spec.podTemplate.labels[app.kubernetes.io/managed-by]",
                        "spec.podTemplate.annotations[scheduling.k8s.io/group-name]",
                        "spec.podTemplate.env[0].name",
                        "spec.podTemplate.volumes[0].name",
                        "spec.podTemplate.volumes[1].name",
                        "spec.podTemplate.volumeMounts[0].mountPath",
                        "spec.podTemplate.volumeMounts[1].mountPath");
    }

    @Test
    void eachMessageNamesTheValueAndWhatIsAllowed() {
        PodTemplate template = new PodTemplate();
        template.setLabels(Map.of("team", "vision team"));
        template.setVolumes(List.of(volume("cache")));
        template.setVolumeMounts(List.of(mount("cahce", "/dev/shm")));
        template.setShmSize(new Quantity("0"));

        List<String> messages = JobValidator.validate(spec(template)).stream()
                .map(Violation::toString)
                .toList();

        assertThat(messages)
                .containsExactlyInAnyOrder(
                        "spec.podTemplate.labels[team]: label value \"vision team\" is not allowed: at most 63 letters,"
                                + " digits, '-', '_' or '.', starting and ending with a letter or digit",
                        "spec.podTemplate.volumeMounts[0].name: volumeMount cahce names no volume of"
                                + " spec.podTemplate.volumes [cache]",
                        "spec.podTemplate.volumeMounts[0].mountPath: /dev/shm would cover or sit inside /opt/ml, /tmp"
                                + " or /dev/shm, which the operator mounts (set shmSize for /dev/shm)",
                        "spec.podTemplate.shmSize: shmSize 0 must be a positive size");
    }

    @Test
    void anImagePullSecretNeedsAName() {
        ImageClassificationJobSpec spec = spec(null);
        spec.setResourceConfig(new ResourceConfig());
        spec.getResourceConfig()
                .setImagePullSecrets(List.of(new LocalObjectReference("regcred"), new LocalObjectReference("")));

        assertThat(JobValidator.validate(spec))
                .extracting(Violation::field)
                .containsExactly("spec.resourceConfig.imagePullSecrets[1].name");
    }

    private static Volume volume(String name) {
        return new VolumeBuilder()
                .withName(name)
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
    }

    private static VolumeMount mount(String volume, String path) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
    }

    private static ImageClassificationJobSpec spec(PodTemplate template) {
        HyperParameters hp = new HyperParameters();
        hp.setNumClasses(10);
        hp.setNumTrainingSamples(100);
        InputChannel train = new InputChannel(ChannelName.TRAIN, ContentType.RECORDIO);
        train.setPersistentVolumeClaim(new PersistentVolumeClaimSource("data", "train"));
        ImageClassificationJobSpec spec = new ImageClassificationJobSpec();
        spec.setHyperParameters(hp);
        spec.setInputDataConfig(List.of(train));
        spec.setPodTemplate(template);
        return spec;
    }
}
