package dev.fovea.operator.dependent;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.FetchCommandLine;
import dev.fovea.api.contract.MlRoot;
import dev.fovea.api.contract.S3Variables;
import dev.fovea.api.contract.TrainerPodLayout;
import dev.fovea.api.spec.DataSource;
import dev.fovea.api.spec.ImageClassificationJobSpec;
import dev.fovea.api.spec.InputChannel;
import dev.fovea.api.spec.S3Source;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The volumes of a trainer pod under {@code /opt/ml}: each input channel at {@code input/data/<channel>} (a PVC
 * directory mounted read-only, or an emptyDir filled from {@code s3://} by an init container that runs the trainer
 * image's {@code fovea fetch}: the whole channel, or with ShardedByS3Key this host's share of it, and for an augmented
 * manifest the images it names), the model at {@code model/} and the checkpoints at {@code checkpoints/} (a PVC
 * directory shared by all hosts — rank 0 writes — or an emptyDir). With {@code checkpointConfig.s3} the checkpoints'
 * emptyDir is each host's local copy: the trainer gets the prefix and its credentials
 * ({@link ContainerEnvironment#CHECKPOINT_S3_URI}), rank 0 uploads every checkpoint there and every host downloads the
 * newest at start. Built once per pod template by {@link TrainerPodTemplate}.
 */
final class DataVolumes {

    final List<Volume> volumes = new ArrayList<>();
    final List<VolumeMount> trainerMounts = new ArrayList<>();
    final List<Container> initContainers = new ArrayList<>();
    final List<EnvVar> trainerEnv = new ArrayList<>();
    private final Container fetchImage;
    private final int hostCount;

    /**
     * @param fetchImage the image (and its pull policy) whose {@code fovea fetch} copies {@code s3://} channels: the
     *     trainer's
     */
    DataVolumes(ImageClassificationJobSpec spec, Container fetchImage) {
        this.fetchImage = fetchImage;
        this.hostCount = spec.hostCount();
        for (InputChannel channel : spec.getInputDataConfig()) {
            String channelName = channel.getChannelName().sageMakerName();
            String volume = TrainerPodLayout.CHANNEL_VOLUME_PREFIX + volumeName(channelName);
            String mountPath =
                    MlRoot.DEFAULT.channelDir(channel.getChannelName()).toString();
            addSource(volume, mountPath, channel, true);
            if (channel.getS3() != null) {
                initContainers.add(s3Fetch(volume, mountPath, channel));
            }
        }
        addSource(
                TrainerPodLayout.MODEL_VOLUME, MlRoot.DEFAULT.modelDir().toString(), spec.getOutputDataConfig(), false);
        addSource(
                TrainerPodLayout.CHECKPOINTS_VOLUME,
                MlRoot.DEFAULT.checkpointsDir().toString(),
                spec.getCheckpointConfig(),
                false);
        if (spec.getOutputDataConfig() != null && spec.getOutputDataConfig().getS3() != null) {
            // The trainer copies /opt/ml/model to this prefix when training succeeded.
            S3Source s3 = spec.getOutputDataConfig().getS3();
            trainerEnv.add(new EnvVarBuilder()
                    .withName(ContainerEnvironment.MODEL_S3_URI)
                    .withValue(s3.getUri())
                    .build());
            trainerEnv.addAll(S3Fetch.env(s3, ""));
        }
        spec.checkpointS3().ifPresent(s3 -> {
            trainerEnv.addAll(S3Fetch.values(S3Variables.checkpoints(s3)));
            trainerEnv.addAll(S3Fetch.credentials(s3, ContainerEnvironment.CHECKPOINT_S3_PREFIX));
        });
    }

    private void addSource(String volume, String mountPath, DataSource source, boolean readOnly) {
        if (source != null && source.getPersistentVolumeClaim() != null) {
            var claim = source.getPersistentVolumeClaim();
            volumes.add(new VolumeBuilder()
                    .withName(volume)
                    .withNewPersistentVolumeClaim()
                    .withClaimName(claim.getClaimName())
                    .withReadOnly(readOnly)
                    .endPersistentVolumeClaim()
                    .build());
            trainerMounts.add(new VolumeMountBuilder()
                    .withName(volume)
                    .withMountPath(mountPath)
                    .withSubPath(claim.getSubPath() == null ? "" : claim.getSubPath())
                    .withReadOnly(readOnly)
                    .build());
            return;
        }
        volumes.add(emptyDir(volume));
        trainerMounts.add(new VolumeMountBuilder()
                .withName(volume)
                .withMountPath(mountPath)
                .build());
    }

    /**
     * {@code fovea fetch} of the channel into its emptyDir, with the credentials of the referenced Secret; a channel
     * sharded by key fetches the share of the pod's completion index.
     */
    private Container s3Fetch(String volume, String mountPath, InputChannel channel) {
        S3Source s3 = channel.getS3();
        List<EnvVar> env = new ArrayList<>(S3Fetch.env(s3, ""));
        env.add(TrainerPodTemplate.completionIndex());
        List<String> args = FetchCommandLine.arguments(
                s3.getUri(),
                mountPath,
                channel.augmentedManifest() ? channel.getAttributeNames().get(0) : null,
                s3.sharded() ? "$(" + ContainerEnvironment.JOB_COMPLETION_INDEX + ")" : null,
                hostCount);
        return S3Fetch.container(volume, mountPath, fetchImage, args, env);
    }

    static Volume emptyDir(String name) {
        return new VolumeBuilder()
                .withName(name)
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
    }

    /** Volume names are DNS labels: {@code train_lst} becomes {@code train-lst}. */
    static String volumeName(String channel) {
        return channel.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
