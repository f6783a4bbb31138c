package dev.fovea.e2e.scenario;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the end-to-end scenarios run: this machine (mock API server + local node agent + operator process) or a
 * real cluster. The scenarios only talk to the API, except for what a cluster user would do by hand: read a pod's
 * log, kill a trainer, restart the operator, look for a checkpoint.
 */
public interface ScenarioCluster extends AutoCloseable {

    KubernetesClient client();

    /** Host {@code index}'s trainer logs, one per gang attempt still known, oldest first. */
    List<String> trainerLogs(String namespace, String job, int index);

    /** Kills host {@code index}'s trainer at once, as a lost node would. */
    void crashTrainer(String namespace, String job, int index);

    /** Stops the operator and starts it again, as a rescheduled operator pod would be. */
    void restartOperator();

    /** Whether rank 0 has written a complete checkpoint for the job. */
    boolean hasCheckpoint(String namespace, String job);

    /** Whether the job's model folder holds files. */
    boolean hasModel(String namespace, String job);

    /**
     * The class {@code fovea predict} gives {@code image} (a file of {@code examples/volumes/mnist-data/heldout/})
     * with the job's model; empty where the model is out of this machine's reach (a real cluster's volume).
     */
    OptionalInt predict(String namespace, String job, String image) throws Exception;

    /**
     * Where this machine reaches a Service's in-cluster URL ({@code http://<service>.<namespace>.svc:<port>}, an
     * endpoint's {@code status.url}); empty while no pod behind it is ready, or where the cluster's network is out of
     * this machine's reach (a real cluster without a port-forward).
     */
    Optional<URI> route(String clusterUrl);

    @Override
    void close();
}
