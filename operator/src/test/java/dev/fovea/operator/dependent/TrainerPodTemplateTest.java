package dev.fovea.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.pretrained.PretrainedCatalogue;
import dev.fovea.api.spec.ChannelName;
import dev.fovea.api.spec.CheckpointConfig;
import dev.fovea.api.spec.ContentType;
import dev.fovea.api.spec.HyperParameters;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.OutputDataConfig;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.PodTemplate;
import dev.fovea.api.spec.ResourceConfig;
import dev.fovea.api.spec.S3DataDistributionType;
import dev.fovea.api.spec.S3DataType;
import dev.fovea.api.spec.S3Source;
import dev.fovea.operator.lifecycle.CatalogueModel;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrainerPodTemplateTest {

    private static final GangSettings SETTINGS =
            new GangSettings("fovea/trainer:1", "fovea-trainer", List.of("regcred"), 3, "h", CatalogueModel.NONE);

    @Test
    void s3ChannelIsFetchedByTheTrainerImageWithTheReferencedCredentials() {
        PodSpec pod = TrainerPodTemplate.build(job(), SETTINGS).getSpec();
        Container fetch = initContainer(pod, "fetch-channel-train-lst");
        assertThat(fetch.getImage()).isEqualTo("fovea/trainer:1");
        assertThat(fetch.getCommand()).containsExactly("fovea");
        assertThat(fetch.getArgs())
                .containsExactly("fetch", "--uri", "s3://bucket/lists/", "--to", "/opt/ml/input/data/train_lst");
        assertThat(fetch.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("AWS_SECRET_ACCESS_KEY");
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("minio-creds");
        });
        assertThat(fetch.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("AWS_ENDPOINT_URL");
            assertThat(env.getValue()).isEqualTo("http://minio:9000");
        });
        assertThat(fetch.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(fetch.getVolumeMounts())
                .extracting(m -> m.getMountPath())
                .containsExactlyInAnyOrder("/opt/ml/input/data/train_lst", "/tmp");
    }

    @Test
    void aShardedManifestChannelFetchesThePodsShareOfItsLinesAndTheirImages() {
        ImageClassificationJob job = job();
        InputChannel train = new InputChannel(ChannelName.TRAIN, ContentType.IMAGE_JPEG);
        S3Source manifest = new S3Source("s3://bucket/labels/train.manifest", "minio-creds");
        manifest.setDistributionType(S3DataDistributionType.SHARDED_BY_S3_KEY);
        train.setS3(manifest);
        train.setDataType(S3DataType.AUGMENTED_MANIFEST_FILE);
        train.setAttributeNames(List.of("source-ref", "class"));
        job.getSpec().setInputDataConfig(List.of(train));
        ResourceConfig resources = new ResourceConfig();
        resources.setInstanceCount(4);
        job.getSpec().setResourceConfig(resources);

        Container fetch = initContainer(TrainerPodTemplate.build(job, SETTINGS).getSpec(), "fetch-channel-train");

        assertThat(fetch.getArgs())
                .containsExactly(
                        "fetch",
                        "--uri",
                        "s3://bucket/labels/train.manifest",
                        "--to",
                        "/opt/ml/input/data/train",
                        "--manifest-image-attribute",
                        "source-ref",
                        "--host-index",
                        "$(JOB_COMPLETION_INDEX)",
                        "--host-count",
                        "4");
        assertThat(fetch.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("JOB_COMPLETION_INDEX");
            assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        });
    }

    @Test
    void aTransferLearningJobMountsTheDepthsFolderOfTheCatalogueClaimReadOnly() {
        ImageClassificationJob job = transferLearning(34);
        GangSettings settings = withCatalogue(PretrainedCatalogue.onClaim("pretrained", "imagenet"));

        PodSpec pod = TrainerPodTemplate.build(job, settings).getSpec();

        VolumeMount model = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/opt/ml/input/data/model"))
                .findFirst()
                .orElseThrow();
        assertThat(model.getSubPath()).isEqualTo("imagenet/resnet-34");
        assertThat(model.getReadOnly()).isTrue();
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo(model.getName());
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("pretrained");
        });
    }

    @Test
    void aTransferLearningJobFetchesTheDepthsPrefixOfTheS3CatalogueWithItsSecret() {
        GangSettings settings =
                withCatalogue(PretrainedCatalogue.onS3("s3://models/imagenet/", "catalogue-keys", null, "eu-west-1"));

        PodSpec pod = TrainerPodTemplate.build(transferLearning(152), settings).getSpec();

        Container fetch = initContainer(pod, "fetch-channel-model");
        assertThat(fetch.getArgs())
                .containsExactly(
                        "fetch", "--uri", "s3://models/imagenet/resnet-152/", "--to", "/opt/ml/input/data/model");
        assertThat(fetch.getEnv()).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("AWS_ACCESS_KEY_ID");
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("catalogue-keys");
        });
    }

    private static ImageClassificationJob transferLearning(int numLayers) {
        ImageClassificationJob job = job();
        job.getSpec().getHyperParameters().setUsePretrainedModel(1);
        job.getSpec().getHyperParameters().setNumLayers(numLayers);
        return job;
    }

    private static GangSettings withCatalogue(PretrainedCatalogue catalogue) {
        return new GangSettings(
                "fovea/trainer:1", null, List.of(), 0, "h", new CatalogueModel(java.util.Optional.of(catalogue)));
    }

    private static Container initContainer(PodSpec pod, String name) {
        return pod.getInitContainers().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow();
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
    void thePodTemplateAddsToThePodAndKeepsWhatTheOperatorSets() {
        ImageClassificationJob job = job();
        PodTemplate template = new PodTemplate();
        template.setLabels(Map.of("team", "vision"));
        template.setAnnotations(Map.of("sidecar.istio.io/inject", "false"));
        template.setAffinity(new AffinityBuilder()
                .withNewPodAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withTopologyKey("topology.kubernetes.io/zone")
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAffinity()
                .build());
        template.setEnv(List.of(new EnvVar("NCCL_DEBUG", "INFO", null)));
        template.setVolumes(List.of(new VolumeBuilder()
                .withName("cache")
                .withNewPersistentVolumeClaim("dataset-cache", true)
                .build()));
        template.setVolumeMounts(List.of(new VolumeMountBuilder()
                .withName("cache")
                .withMountPath("/cache")
                .withReadOnly(true)
                .build()));
        template.setShmSize(new Quantity("8Gi"));
        job.getSpec().setPodTemplate(template);
        job.getSpec().setResourceConfig(new ResourceConfig());
        job.getSpec()
                .getResourceConfig()
                .setImagePullSecrets(
                        List.of(new LocalObjectReference("team-registry"), new LocalObjectReference("regcred")));

        PodTemplateSpec pod = TrainerPodTemplate.build(job, SETTINGS);
        Container trainer = pod.getSpec().getContainers().getFirst();

        assertThat(pod.getMetadata().getLabels())
                .containsEntry("team", "vision")
                .containsEntry(ObjectNames.JOB_NAME_LABEL, "cats")
                .containsEntry(TrainerPods.ATTEMPT_LABEL, "3");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("sidecar.istio.io/inject", "false");
        assertThat(pod.getSpec().getAffinity().getPodAffinity()).isNotNull();
        assertThat(pod.getSpec().getImagePullSecrets())
                .extracting(LocalObjectReference::getName)
                .containsExactly("regcred", "team-registry");
        assertThat(trainer.getEnv()).extracting(EnvVar::getName).contains("FOVEA_JOB_NAME", "NCCL_DEBUG");
        assertThat(pod.getSpec().getVolumes()).anySatisfy(volume -> {
            assertThat(volume.getName()).isEqualTo("dshm");
            assertThat(volume.getEmptyDir().getMedium()).isEqualTo("Memory");
            assertThat(volume.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("8Gi"));
        });
        assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName).contains("cache", "checkpoints", "tmp");
        assertThat(trainer.getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .contains("/cache", "/dev/shm", "/opt/ml/checkpoints", "/tmp");
    }

    @Test
    void withoutPullSecretsThePodNamesNone() {
        GangSettings noSecrets = new GangSettings("fovea/trainer:1", null, List.of(), 0, "h", CatalogueModel.NONE);

        assertThat(TrainerPodTemplate.build(job(), noSecrets).getSpec().getImagePullSecrets())
                .isNullOrEmpty();
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
