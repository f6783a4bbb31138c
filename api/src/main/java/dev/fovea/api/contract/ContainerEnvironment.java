package dev.fovea.api.contract;

/**
 * Every environment variable of a trainer container, by name: what the operator's pod template sets, what local mode
 * and the e2e agent set for their processes, and what the trainer reads; and those of the same image serving a model
 * ({@code serve}) or transforming a folder of images ({@code transform}). Defaults are the reader's.
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
    /**
     * The address the exchange and observe servers listen on; unset in a pod, where they listen on every interface.
     * Local mode and the e2e agent set {@code 127.0.0.1}: their hosts share the machine's network.
     */
    public static final String LISTEN_ADDRESS = "FOVEA_LISTEN_ADDRESS";
    /**
     * {@code 1}: the trainer stops as on SIGTERM when its standard input closes. Local mode holds the other end, so
     * its hosts stop when {@code fovea run} dies, even of {@code kill -9}; unset in a pod, whose stdin is empty.
     */
    public static final String STOP_WHEN_STDIN_CLOSES = "FOVEA_STOP_WHEN_STDIN_CLOSES";

    /** How many consecutive steps with a NaN or infinite loss stop training as diverged. */
    public static final String NONFINITE_LOSS_STEPS = "FOVEA_NONFINITE_LOSS_STEPS";

    /**
     * The most pixels a training image may declare before it is skipped undecoded; unset, the trainer derives the limit
     * from {@code image_shape} and {@code resize}.
     */
    public static final String MAX_IMAGE_PIXELS = "FOVEA_MAX_IMAGE_PIXELS";

    /** The exchange's listening port; unset in a pod, where it is the port of this host's {@code host_addresses}. */
    public static final String EXCHANGE_PORT = "FOVEA_EXCHANGE_PORT";
    /** The job's exchange token, which every exchange call carries (from the job's Secret in a pod). */
    public static final String EXCHANGE_TOKEN = "FOVEA_EXCHANGE_TOKEN";
    /** {@code 1} or {@code true}: the hosts compare weight checksums every epoch (dist_sync). */
    public static final String EXCHANGE_DEBUG = "FOVEA_EXCHANGE_DEBUG";
    /**
     * How dist_sync puts gradient values on the wire: {@code float32} (the default, exact), {@code bfloat16} or
     * {@code float16} (half the bytes, each value rounded). Every host of a job must use the same.
     */
    public static final String EXCHANGE_WIRE = "FOVEA_EXCHANGE_WIRE";
    /** How long a host waits for all peers at start. */
    public static final String STARTUP_TIMEOUT_SECONDS = "FOVEA_STARTUP_TIMEOUT_SECONDS";
    /** How long a host waits for a peer's answer before it counts the peer as lost. */
    public static final String PEER_TIMEOUT_SECONDS = "FOVEA_PEER_TIMEOUT_SECONDS";

    /** The job's S3 output prefix: rank 0 uploads {@code model.tar.gz} there when training succeeded. */
    public static final String MODEL_S3_URI = "FOVEA_MODEL_S3_URI";
    /**
     * The checkpoints' S3 prefix ({@code spec.checkpointConfig.s3}): rank 0 uploads every checkpoint there and every
     * host downloads the newest complete one at start; unset when checkpoints are not kept in S3.
     */
    public static final String CHECKPOINT_S3_URI = "FOVEA_CHECKPOINT_S3_URI";
    /**
     * What precedes an AWS SDK variable's name ({@link #checkpointS3}) to make it the checkpoint location's own, so
     * that it never clashes with the model output's (another bucket, another Secret).
     */
    public static final String CHECKPOINT_S3_PREFIX = "FOVEA_CHECKPOINT_";

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

    /** SageMaker's variable for the port an inference container listens on ({@link Ports#INFERENCE} unset). */
    public static final String SERVE_PORT = "SAGEMAKER_BIND_TO_PORT";
    /** The largest request body {@code serve} reads (and input {@code transform} reads); larger ones are refused. */
    public static final String SERVE_MAX_BODY_BYTES = "FOVEA_SERVE_MAX_BODY_BYTES";
    /** How long {@code serve} waits for a whole request body before it answers 408. */
    public static final String SERVE_READ_TIMEOUT_SECONDS = "FOVEA_SERVE_READ_TIMEOUT_SECONDS";
    /** How many connections {@code serve} holds open at once; more are refused. */
    public static final String SERVE_MAX_CONNECTIONS = "FOVEA_SERVE_MAX_CONNECTIONS";
    /** How long a SIGTERM lets {@code serve}'s requests in flight finish. */
    public static final String SERVE_SHUTDOWN_GRACE_SECONDS = "FOVEA_SERVE_SHUTDOWN_GRACE_SECONDS";
    /** The most images in one forward pass of {@code serve} and {@code transform}. */
    public static final String SERVE_MAX_BATCH_SIZE = "FOVEA_SERVE_MAX_BATCH_SIZE";
    /** How long the oldest waiting image may wait for others to join its batch. */
    public static final String SERVE_MAX_BATCH_DELAY_MS = "FOVEA_SERVE_MAX_BATCH_DELAY_MS";
    /** Inference threads: 0 picks one per GPU, or one on a CPU. */
    public static final String SERVE_WORKERS = "FOVEA_SERVE_WORKERS";
    /** The largest image (width × height) decoded at all; larger ones are refused from their header. */
    public static final String SERVE_MAX_IMAGE_PIXELS = "FOVEA_SERVE_MAX_IMAGE_PIXELS";

    private ContainerEnvironment() {}

    /** The checkpoint location's copy of the AWS SDK variable {@code awsVariable}, e.g. {@link #AWS_REGION}. */
    public static String checkpointS3(String awsVariable) {
        return CHECKPOINT_S3_PREFIX + awsVariable;
    }
}
