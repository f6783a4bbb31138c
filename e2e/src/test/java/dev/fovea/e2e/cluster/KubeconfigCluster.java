package dev.fovea.e2e.cluster;

import dev.fovea.e2e.scenario.ScenarioCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A real cluster, the one {@code KUBECONFIG} names, with Fovea installed from the chart (operator Deployment
 * labelled {@code app.kubernetes.io/name=fovea}) and the trainer image loaded. What the scenarios do by hand is done
 * the Kubernetes way: logs from the API, a killed trainer is a deleted pod, an operator restart deletes its pod.
 */
final class KubeconfigCluster implements ScenarioCluster {

    private static final String OPERATOR_SELECTOR = "app.kubernetes.io/name";
    private static final String OPERATOR_NAME = "fovea";

    private final KubernetesClient client = new KubernetesClientBuilder().build();
    private final String operatorNamespace;

    KubeconfigCluster(String operatorNamespace) {
        this.operatorNamespace = operatorNamespace;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public List<String> trainerLogs(String namespace, String job, int index) {
        return trainerPods(namespace, job, index).stream()
                .map(pod -> client.pods()
                        .inNamespace(namespace)
                        .withName(pod.getMetadata().getName())
                        .inContainer("trainer")
                        .getLog())
                .toList();
    }

    @Override
    public void crashTrainer(String namespace, String job, int index) {
        trainerPods(namespace, job, index)
                .forEach(pod -> client.pods()
                        .inNamespace(namespace)
                        .withName(pod.getMetadata().getName())
                        .withGracePeriod(0)
                        .delete());
    }

    @Override
    public void restartOperator() {
        client.pods()
                .inNamespace(operatorNamespace)
                .withLabel(OPERATOR_SELECTOR, OPERATOR_NAME)
                .delete();
        client.apps()
                .deployments()
                .inNamespace(operatorNamespace)
                .withLabel(OPERATOR_SELECTOR, OPERATOR_NAME)
                .resources()
                .forEach(deployment -> deployment.waitUntilReady(3, java.util.concurrent.TimeUnit.MINUTES));
    }

    @Override
    public boolean hasCheckpoint(String namespace, String job) {
        var found = client.resources(dev.fovea.api.ImageClassificationJob.class)
                .inNamespace(namespace)
                .withName(job)
                .get();
        return found != null && found.getStatus() != null && found.getStatus().getLastCheckpoint() != null;
    }

    @Override
    public boolean hasModel(String namespace, String job) {
        var found = client.resources(dev.fovea.api.ImageClassificationJob.class)
                .inNamespace(namespace)
                .withName(job)
                .get();
        return found != null && found.getStatus() != null && found.getStatus().getModelArtifact() != null;
    }

    @Override
    public OptionalInt predict(String namespace, String job, String image) {
        return OptionalInt.empty(); // the model lies on the cluster's volume
    }

    private List<Pod> trainerPods(String namespace, String job, int index) {
        return client.pods()
                .inNamespace(namespace)
                .withLabel("fovea.dev/job-name", job)
                .withLabel("batch.kubernetes.io/job-completion-index", Integer.toString(index))
                .list()
                .getItems();
    }

    @Override
    public Optional<URI> route(String clusterUrl) {
        return Optional.empty();
    }

    @Override
    public void close() {
        client.close();
    }
}
