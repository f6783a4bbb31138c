package dev.fovea.api.contract;

import java.util.Set;

/**
 * What the operator itself puts into every trainer pod — its volumes, the paths it mounts and the environment it sets
 * — so that a {@code spec.podTemplate} can be checked against it: a user's volume, mount or variable may add to the
 * pod but never replace one of these.
 */
public final class TrainerPodLayout {

    /** SageMaker's container layout, mounted piece by piece from the job's data, config and emptyDirs. */
    public static final String ML_ROOT_PATH = MlRoot.DEFAULT_PATH;
    /** The only writable path outside {@code /opt/ml}, since the root filesystem is read-only. */
    public static final String TMP_PATH = "/tmp";
    /** Shared memory, a memory-backed emptyDir when {@code spec.podTemplate.shmSize} is set. */
    public static final String SHM_PATH = "/dev/shm";

    public static final String CONFIG_VOLUME = "config";
    public static final String INPUT_CONFIG_VOLUME = "input-config";
    public static final String OUTPUT_VOLUME = "output";
    public static final String MODEL_VOLUME = "model";
    public static final String CHECKPOINTS_VOLUME = "checkpoints";
    public static final String TMP_VOLUME = "tmp";
    public static final String SHM_VOLUME = "dshm";
    /** Each input channel's volume is {@code channel-<name>}. */
    public static final String CHANNEL_VOLUME_PREFIX = "channel-";

    /** Every variable the operator sets for the trainer starts with this, and so do the trainer's own settings. */
    public static final String RESERVED_ENV_PREFIX = "FOVEA_";
    /** The pod's host index, which the Job controller and the operator set. */
    public static final String COMPLETION_INDEX_ENV = ContainerEnvironment.JOB_COMPLETION_INDEX;
    /** A serving pod listens on {@link Ports#INFERENCE}, where its probes and its Service point. */
    public static final String SERVE_PORT_ENV = ContainerEnvironment.SERVE_PORT;

    private static final Set<String> VOLUMES = Set.of(
            CONFIG_VOLUME,
            INPUT_CONFIG_VOLUME,
            OUTPUT_VOLUME,
            MODEL_VOLUME,
            CHECKPOINTS_VOLUME,
            TMP_VOLUME,
            SHM_VOLUME);
    private static final Set<String> PATHS = Set.of(ML_ROOT_PATH, TMP_PATH, SHM_PATH);

    private TrainerPodLayout() {}

    /** Whether the operator names one of its own volumes {@code name}. */
    public static boolean isOperatorVolume(String name) {
        return VOLUMES.contains(name) || name.startsWith(CHANNEL_VOLUME_PREFIX);
    }

    /** Whether a mount at {@code path} would cover, or sit inside, a path the operator mounts. */
    public static boolean isOperatorPath(String path) {
        String normalized = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return PATHS.stream()
                .anyMatch(owned -> normalized.equals(owned)
                        || normalized.startsWith(owned + "/")
                        || owned.startsWith(normalized + "/")
                        || normalized.equals("/"));
    }

    /** Whether the variable {@code name} is the operator's (or the Job controller's) to set, or to leave unset. */
    public static boolean isOperatorEnv(String name) {
        return name.startsWith(RESERVED_ENV_PREFIX) || name.equals(COMPLETION_INDEX_ENV) || name.equals(SERVE_PORT_ENV);
    }
}
