package dev.fovea.api;

import java.util.Map;

/**
 * The names and labels of everything a job owns, written once. Host k (0-based) is pod index k of the Indexed Job,
 * {@code algo-<k+1>} in {@code resourceconfig.json}, and {@code <job>-<k>.<job>-hosts.<namespace>.svc} on the network.
 */
public final class ObjectNames {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "fovea";
    /**
     * The label selector of everything Fovea creates: the operator's informers watch only these objects, so it neither
     * caches nor needs to read anyone else's Secrets, ConfigMaps, Services, Jobs, NetworkPolicies or Pods.
     */
    public static final String MANAGED_BY_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY_VALUE;

    public static final String JOB_NAME_LABEL = "fovea.dev/job-name";
    public static final String HOST_INDEX_LABEL = "fovea.dev/host-index";
    /** The label naming the ImageClassificationEndpoint a serving object belongs to. */
    public static final String ENDPOINT_NAME_LABEL = "fovea.dev/endpoint-name";
    /**
     * The serving pods' annotation naming the model they serve (its URI and a digest of where it came from): a new
     * model changes the pod template, so the Deployment rolls.
     */
    public static final String MODEL_ANNOTATION = "fovea.dev/model";
    /** The annotation that puts a pod into a Volcano PodGroup. */
    public static final String VOLCANO_GROUP_ANNOTATION = "scheduling.k8s.io/group-name";
    /** The job's annotation naming the Volcano Queue of its PodGroup (Volcano's own convention). */
    public static final String VOLCANO_QUEUE_ANNOTATION = "scheduling.volcano.sh/queue-name";
    /** The job's label naming its Kueue LocalQueue; copied to the batch Job, which Kueue then admits. */
    public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";
    /** The job's label naming its Kueue WorkloadPriorityClass (Kueue 0.5+), which decides who preempts whom. */
    public static final String KUEUE_PRIORITY_CLASS_LABEL = "kueue.x-k8s.io/priority-class";

    /** The longest job name whose {@link #hostsService} is still a 63-character DNS label. */
    public static final int MAX_JOB_NAME_LENGTH = 63 - "-hosts".length();

    /** SageMaker's host names are {@code algo-1}, {@code algo-2}, ... */
    public static final String HOST_NAME_PREFIX = "algo-";

    private ObjectNames() {}

    /** The ConfigMap with hyperparameters.json, inputdataconfig.json and the hosts. */
    public static String configMap(String job) {
        return job + "-config";
    }

    /** The Secret with the gradient exchange's token. */
    public static String tokenSecret(String job) {
        return job + "-token";
    }

    /** The headless Service that gives each host a DNS name. */
    public static String hostsService(String job) {
        return job + "-hosts";
    }

    /** The Indexed Job that runs the hosts. */
    public static String trainerJob(String job) {
        return job;
    }

    /** The NetworkPolicy that opens the exchange port to the job's own hosts only. */
    public static String exchangePolicy(String job) {
        return job + "-exchange";
    }

    /** The pod hostname of host {@code index} (the Indexed Job's {@code <job>-<index>}). */
    public static String podHostname(String job, int index) {
        return trainerJob(job) + "-" + index;
    }

    /** The DNS name of host {@code index}. */
    public static String hostDnsName(String job, int index, String namespace) {
        return podHostname(job, index) + "." + hostsService(job) + "." + namespace + ".svc";
    }

    /** SageMaker's name of host {@code index}: {@code algo-<index+1>}. */
    public static String hostName(int index) {
        return HOST_NAME_PREFIX + (index + 1);
    }

    /** The 0-based index of a SageMaker host name such as {@code algo-2}. */
    public static int hostIndex(String hostName) {
        if (!hostName.startsWith(HOST_NAME_PREFIX)) {
            throw new IllegalArgumentException("host name " + hostName + " is not of the form algo-<n>");
        }
        try {
            int number = Integer.parseInt(hostName.substring(HOST_NAME_PREFIX.length()));
            if (number < 1) {
                throw new IllegalArgumentException("host name " + hostName + " must number hosts from algo-1");
            }
            return number - 1;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("host name " + hostName + " is not of the form algo-<n>", e);
        }
    }

    /** The labels on every object a job owns. */
    public static Map<String, String> labels(String job) {
        return Map.of(MANAGED_BY_LABEL, MANAGED_BY_VALUE, JOB_NAME_LABEL, job);
    }

    /** The labels that select a job's pods (without the per-host index). */
    public static Map<String, String> selector(String job) {
        return labels(job);
    }

    /** The labels on host {@code index}'s pod. */
    public static Map<String, String> hostLabels(String job, int index) {
        return Map.of(
                MANAGED_BY_LABEL, MANAGED_BY_VALUE, JOB_NAME_LABEL, job, HOST_INDEX_LABEL, Integer.toString(index));
    }

    /** The labels on every object an endpoint owns, which also select its serving pods. */
    public static Map<String, String> endpointLabels(String endpoint) {
        return Map.of(MANAGED_BY_LABEL, MANAGED_BY_VALUE, ENDPOINT_NAME_LABEL, endpoint);
    }

    /**
     * The Deployment, Service, PodDisruptionBudget and HorizontalPodAutoscaler of an endpoint are all named after it:
     * {@code kubectl get deploy,svc,pdb,hpa <endpoint>} finds them.
     */
    public static String endpointObject(String endpoint) {
        return endpoint;
    }

    /** The in-cluster DNS name of an endpoint's Service. */
    public static String endpointHost(String endpoint, String namespace) {
        return endpointObject(endpoint) + "." + namespace + ".svc";
    }
}
