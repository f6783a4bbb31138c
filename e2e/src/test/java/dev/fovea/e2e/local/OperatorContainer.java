package dev.fovea.e2e.local;

import dev.fovea.e2e.agent.LocalNodeAgent;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Map;

/**
 * The operator from its built image, run by the local node agent as the chart's Deployment pod (its security context,
 * environment and volumes) against the mock API server. What a cluster would give the pod comes as environment: the
 * API server (in a cluster, from the service account), the namespace, and port 0 for the container's port 8080 (pods
 * here share the machine's network; the probe learns the port the operator got). One deviation: leader election is off (a profile other than prod, as for {@link
 * OperatorProcess}), because it first asks the API server's authorization API, which the mock server does not serve.
 */
final class OperatorContainer implements LocalOperator {

    /** A JVM in a sandbox on a busy two-core machine: generous, as only a hang should hit it. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final LocalNodeAgent agent;
    private final Pod pod;
    private final String apiServerUrl;
    private LocalNodeAgent.RunningPod running;

    OperatorContainer(LocalNodeAgent agent, Pod pod, String apiServerUrl) {
        this.agent = agent;
        this.pod = pod;
        this.apiServerUrl = apiServerUrl;
    }

    @Override
    public OperatorContainer start() {
        running = agent.run(
                pod,
                Map.of(
                        "QUARKUS_HTTP_PORT",
                        "0",
                        "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL",
                        apiServerUrl,
                        "QUARKUS_KUBERNETES_CLIENT_NAMESPACE",
                        pod.getMetadata().getNamespace(),
                        "QUARKUS_PROFILE",
                        "e2e"));
        ReadinessProbe.await(running.process(), running.log(), READY_TIMEOUT);
        return this;
    }

    @Override
    public void stop() {
        if (running != null) {
            running.stop();
        }
    }
}
