package dev.fovea.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.CheckpointConfig;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.OutputDataConfig;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.S3Source;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrainerPodTemplateTest {

    private static final GangSettings SETTINGS =
            new GangSettings("fovea/trainer:1", "aws-cli:2", "fovea-trainer", 3, "h");

    @Test
    void s3ChannelIsFetchedByAnInitContainerWithTheReferencedCredentials() {
        PodSpec pod = TrainerPodTemplate.build(job(), SETTINGS).getSpec();
        Container fetch = pod.getInitContainers().stream()
                .filter(c -> c.getName().equals("fetch-channel-train-lst"))
                .findFirst()
                .orElseThrow();
        assertThat(fetch.getImage()).isEqualTo("aws-cli:2");
        assertThat(fetch.getArgs())
                .containsSequence("s3://bucket/lists/", "/opt/ml/input/data/train_lst")
                .containsSequence("--endpoint-url", "http://minio:9000");
        assertThat(fetch.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("AWS_SECRET_ACCESS_KEY");
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("minio-creds");
        });
        assertThat(fetch.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void trainerSeesTheSageMakerLayoutAndItsOwnResourceConfig() {
        PodSpec pod = TrainerPodTemplate.build(job(), SETTINGS).getSpec();
        Container trainer = pod.getContainers().get(0);
        assertThat(trainer.getImage()).isEqualTo("fovea/trainer:1");
        assertThat(trainer.getArgs()).containsExactly("train");
        assertThat(trainer.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/opt/ml/input/config/resourceconfig.json");
            assertThat(m.getSubPathExpr()).isEqualTo("resourceconfig-$(JOB_COMPLETION_INDEX).json");
        });
        assertThat(trainer.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/opt/ml/checkpoints");
            assertThat(m.getSubPath()).isEqualTo("ckpt/run-1");
            assertThat(m.getReadOnly()).isFalse();
        });
        assertThat(trainer.getVolumeMounts())
                .extracting(m -> m.getMountPath())
                .contains("/opt/ml/model", "/opt/ml/output", "/tmp", "/opt/ml/input/data/train");
        assertThat(trainer.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("fovea-trainer");
        assertThat(pod.getSecurityContext().getRunAsUser())
                .as("the images' fovea user")
                .isEqualTo(10001L);
        assertThat(TrainerPodTemplate.build(job(), SETTINGS).getMetadata().getLabels())
                .containsEntry(TrainerPods.ATTEMPT_LABEL, "3");
    }

    @Test
    void s3CheckpointsGiveTheTrainerTheirPrefixAndTheirOwnCredentialsBesideTheOutputs() {
        ImageClassificationJob job = job();
        S3Source copies = new S3Source("s3://checkpoints/cats/", "checkpoint-creds");
        copies.setEndpoint("http://minio:9000");
        copies.setRegion("eu-west-1");
        CheckpointConfig checkpoints = new CheckpointConfig();
        checkpoints.setS3(copies);
        job.getSpec().setCheckpointConfig(checkpoints);
        OutputDataConfig output = new OutputDataConfig();
        output.setS3(new S3Source("s3://models/cats/", "model-creds"));
        job.getSpec().setOutputDataConfig(output);

        PodSpec pod = TrainerPodTemplate.build(job, SETTINGS).getSpec();
        Container trainer = pod.getContainers().get(0);
        Map<String, EnvVar> env =
                trainer.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, variable -> variable));

        assertThat(env.get(ContainerEnvironment.CHECKPOINT_S3_URI).getValue()).isEqualTo("s3://checkpoints/cats/");
        assertThat(env.get(ContainerEnvironment.checkpointS3("AWS_ACCESS_KEY_ID"))
                        .getValueFrom()
                        .getSecretKeyRef())
                .satisfies(ref -> {
                    assertThat(ref.getName()).isEqualTo("checkpoint-creds");
                    assertThat(ref.getKey()).isEqualTo("AWS_ACCESS_KEY_ID");
                });
        assertThat(env.get(ContainerEnvironment.checkpointS3("AWS_SESSION_TOKEN"))
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getOptional())
                .isTrue();
        assertThat(env.get(ContainerEnvironment.checkpointS3("AWS_ENDPOINT_URL"))
                        .getValue())
                .isEqualTo("http://minio:9000");
        assertThat(env.get(ContainerEnvironment.checkpointS3("AWS_REGION")).getValue())
                .isEqualTo("eu-west-1");
        assertThat(env.get("AWS_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef().getName())
                .as("the model output keeps its own credentials")
                .isEqualTo("model-creds");
        assertThat(pod.getVolumes())
                .filteredOn(volume -> volume.getName().equals("checkpoints"))
                .singleElement()
                .satisfies(volume -> assertThat(volume.getEmptyDir())
                        .as("each host's local copy")
                        .isNotNull());
        assertThat(pod.getInitContainers()).noneMatch(init -> init.getName().contains("checkpoints"));
    }

    private static ImageClassificationJob job() {
        HyperParameters hyperParameters = new HyperParameters();
        hyperParameters.setNumClasses(2);
        InputChannel train = new InputChannel(ChannelName.TRAIN, ContentType.IMAGE);
        train.setPersistentVolumeClaim(new PersistentVolumeClaimSource("data", "images"));
        InputChannel trainList = new InputChannel(ChannelName.TRAIN_LST, ContentType.IMAGE);
        S3Source lists = new S3Source("s3://bucket/lists/", "minio-creds");
        lists.setEndpoint("http://minio:9000");
        trainList.setS3(lists);
        CheckpointConfig checkpoints = new CheckpointConfig();
        checkpoints.setPersistentVolumeClaim(new PersistentVolumeClaimSource("scratch", "ckpt/run-1"));
        ImageClassificationJobSpec spec = new ImageClassificationJobSpec();
        spec.setHyperParameters(hyperParameters);
        spec.setInputDataConfig(List.of(train, trainList));
        spec.setCheckpointConfig(checkpoints);
        return new ImageClassificationJob("vision", "cats", spec);
    }
}
