package dev.fovea.e2e.scenario;

import static dev.fovea.e2e.scenario.ScenarioJobs.NAMESPACE;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.spec.ImageClassificationEndpointSpec;
import dev.fovea.api.spec.ModelSource;
import dev.fovea.api.status.EndpointPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** The scenarios' ImageClassificationEndpoints: created, edited and awaited through the API as a user would. */
public final class ScenarioEndpoints {

    /**
     * Far beyond a model server's start (a JVM, a model load, a warm-up batch) on a busy machine; a wait ends as soon
     * as its condition holds.
     */
    private static final Duration CEILING = Duration.ofMinutes(10);

    private final KubernetesClient client;

    public ScenarioEndpoints(KubernetesClient client) {
        this.client = client;
    }

    /** Applies an endpoint of one replica serving {@code model}. */
    public void create(String name, ModelSource model) {
        ImageClassificationEndpointSpec spec = new ImageClassificationEndpointSpec();
        spec.setModel(model);
        spec.setReplicas(1);
        ImageClassificationEndpoint endpoint = new ImageClassificationEndpoint();
        endpoint.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        endpoint.setSpec(spec);
        client.resource(endpoint).create();
    }

    /** Points the endpoint at another model, as {@code kubectl edit ice} would. */
    public void changeModel(String name, ModelSource model) {
        client.resources(ImageClassificationEndpoint.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .edit(endpoint -> {
                    endpoint.getSpec().setModel(model);
                    return endpoint;
                });
    }

    public ImageClassificationEndpoint get(String name) {
        return client.resources(ImageClassificationEndpoint.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
    }

    /** The endpoint once it is Ready with {@code replicas} ready replicas and {@code also} holds. */
    public ImageClassificationEndpoint awaitReady(
            String name, int replicas, String what, Predicate<ImageClassificationEndpoint> also) {
        Predicate<ImageClassificationEndpoint> ready = endpoint -> endpoint != null
                && endpoint.getStatus() != null
                && endpoint.getStatus().getPhase() == EndpointPhase.Ready
                && Integer.valueOf(replicas).equals(endpoint.getStatus().getReadyReplicas())
                && also.test(endpoint);
        try {
            return Awaitility.await(name + " Ready with " + replicas + " replica(s), " + what)
                    .atMost(CEILING)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> get(name), ready);
        } catch (ConditionTimeoutException e) {
            ImageClassificationEndpoint last = get(name);
            throw new AssertionError(
                    e.getMessage() + "; it last showed " + (last == null ? "nothing" : last.getStatus()), e);
        }
    }

    /** The endpoint's serving pods, as its Service selects them. */
    public List<Pod> pods(String name) {
        return client.pods()
                .inNamespace(NAMESPACE)
                .withLabels(ObjectNames.endpointLabels(name))
                .list()
                .getItems();
    }
}
