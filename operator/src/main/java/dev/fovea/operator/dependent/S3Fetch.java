package dev.fovea.operator.dependent;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.api.contract.FetchCommandLine;
import dev.fovea.api.contract.S3Variables;
import dev.fovea.api.contract.TrainerPodLayout;
import dev.fovea.api.spec.S3Source;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an S3 location puts into a pod: the AWS SDK's variables (credentials from the location's Secret) and the init
 * container that runs the trainer image's {@code fovea fetch} into a volume — for a trainer's input channels and for
 * a serving pod's model alike.
 */
public final class S3Fetch {

    private S3Fetch() {}

    /**
     * An init container {@code fetch-<volume>} that runs {@code fovea} with {@code arguments} (see
     * {@link FetchCommandLine}) in {@code image}'s image, with the volume at {@code mountPath} and a writable /tmp.
     */
    public static Container container(
            String volume, String mountPath, Container image, List<String> arguments, List<EnvVar> env) {
        return new ContainerBuilder()
                .withName("fetch-" + volume)
                .withImage(image.getImage())
                .withImagePullPolicy(image.getImagePullPolicy())
                .withCommand(FetchCommandLine.LAUNCHER)
                .withArgs(arguments)
                .withEnv(env)
                .withVolumeMounts(
                        new VolumeMountBuilder()
                                .withName(volume)
                                .withMountPath(mountPath)
                                .build(),
                        new VolumeMountBuilder()
                                .withName(TrainerPodLayout.TMP_VOLUME)
                                .withMountPath(TrainerPodLayout.TMP_PATH)
                                .build())
                .withSecurityContext(PodSecurity.container())
                .build();
    }

    /** The AWS SDK's variables for {@code s3}, each name behind {@code prefix}; the keys come from its Secret. */
    public static List<EnvVar> env(S3Source s3, String prefix) {
        List<EnvVar> env = credentials(s3, prefix);
        env.addAll(values(S3Variables.settings(s3, prefix)));
        return env;
    }

    /** The location's credentials ({@link S3Variables#CREDENTIALS}) from its Secret, each name behind {@code prefix}. */
    public static List<EnvVar> credentials(S3Source s3, String prefix) {
        List<EnvVar> env = new ArrayList<>();
        for (String key : S3Variables.CREDENTIALS) {
            env.add(new EnvVarBuilder()
                    .withName(prefix + key)
                    .withNewValueFrom()
                    .withNewSecretKeyRef()
                    .withName(s3.getSecretRef())
                    .withKey(key)
                    .withOptional(key.equals(ContainerEnvironment.AWS_SESSION_TOKEN))
                    .endSecretKeyRef()
                    .endValueFrom()
                    .build());
        }
        return env;
    }

    /** Plain variables, in their order. */
    public static List<EnvVar> values(Map<String, String> variables) {
        List<EnvVar> env = new ArrayList<>();
        variables.forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        return env;
    }
}
