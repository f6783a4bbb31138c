package dev.fovea.api.contract;

/**
 * Every environment variable of a trainer container, by name: what the operator's pod template sets, what local mode
 * and the e2e agent set for their processes, and what the trainer reads. Defaults are the reader's.
 */
public final class ContainerEnvironment {

    /** The root of the SageMaker layout ({@link MlRoot}); unset in a pod, where it is {@code /opt/ml}. */
    public static final String ML_ROOT = "FOVEA_ML_ROOT";
    /** The job's name, the {@code job} tag on every metric. */
    public static final String JOB_NAME = "FOVEA_JOB_NAME";
    /** The port of {@code /metrics} and {@code /progress}; unset in a pod, where it is {@link Ports#OBSERVE}. */
    public static final String OBSERVE_PORT = "FOVEA_OBSERVE_PORT";
    /** Where the final progress goes; unset in a pod, where it is {@link TerminationMessages#DEFAULT_PATH}. */
    public static final String TERMINATION_LOG = "FOVEA_TERMINATION_LOG";
    /** The seed of the initial weights and of the data order. */
    public static final String SEED = "FOVEA_SEED";

    /** The exchange's listening port; unset in a pod, where it is the port of this host's {@code host_addresses}. */
    public static final String EXCHANGE_PORT = "FOVEA_EXCHANGE_PORT";
    /** The job's exchange token, which every exchange call carries (from the job's Secret in a pod). */
    public static final String EXCHANGE_TOKEN = "FOVEA_EXCHANGE_TOKEN";
    /** {@code 1} or {@code true}: the hosts compare weight checksums every epoch (dist_sync). */
    public static final String EXCHANGE_DEBUG = "FOVEA_EXCHANGE_DEBUG";
    /** How long a host waits for all peers at start. */
    public static final String STARTUP_TIMEOUT_SECONDS = "FOVEA_STARTUP_TIMEOUT_SECONDS";
    /** How long a host waits for a peer's answer before it counts the peer as lost. */
    public static final String PEER_TIMEOUT_SECONDS = "FOVEA_PEER_TIMEOUT_SECONDS";

    /** The job's S3 output prefix: rank 0 uploads {@code model.tar.gz} there when training succeeded. */
    public static final String MODEL_S3_URI = "FOVEA_MODEL_S3_URI";
    /** The AWS SDK's credentials, from the Secret an S3 location names. */
    public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

    public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    /** Optional in the Secret. */
    public static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";
    /** The bucket's region, from the S3 location; {@link #AWS_DEFAULT_REGION} is read when it is unset. */
    public static final String AWS_REGION = "AWS_REGION";

    public static final String AWS_DEFAULT_REGION = "AWS_DEFAULT_REGION";
    /** An S3-compatible store's endpoint, from the S3 location. */
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

    /** The pod's index in its Indexed Job (set from the pod's annotation), which picks its resourceconfig.json. */
    public static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";
    /** libtorch's CPU threads: local mode and the e2e agent split the machine's cores between their hosts. */
    public static final String OMP_NUM_THREADS = "OMP_NUM_THREADS";
    /**
     * The operator container's own setting {@code fovea.operator.trainer-image} as the chart passes it: the image the
     * operator's trainer pods run unless a job names its own.
     */
    public static final String OPERATOR_TRAINER_IMAGE = "FOVEA_OPERATOR_TRAINER_IMAGE";

    private ContainerEnvironment() {}
}
