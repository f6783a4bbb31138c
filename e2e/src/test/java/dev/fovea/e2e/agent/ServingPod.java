package dev.fovea.e2e.agent;

import dev.fovea.api.contract.ContainerEnvironment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A pod of a Deployment as the kubelet runs it: its init containers one after the other, each to a successful exit,
 * then its first container, a long-running server, which is Ready once its readiness probe's HTTP GET answers 2xx or
 * 3xx on the port it bound ({@link BoundPorts}; the server is told to bind port 0).
 */
final class ServingPod {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    private final Pod pod;
    private final ContainerLauncher launcher;
    /** The container running now: an init container, then the main one. */
    private volatile LocalPod running;

    private volatile LocalPod main;
    private volatile Integer port;
    private volatile boolean ready;
    private volatile boolean stopped;
    private volatile String failure;

    private ServingPod(Pod pod, ContainerLauncher launcher) {
        this.pod = pod;
        this.launcher = launcher;
    }

    /** Starts the pod's containers on a thread of its own: init containers can take a while (a model download). */
    static ServingPod start(Pod pod, ContainerLauncher launcher) {
        ServingPod serving = new ServingPod(pod, launcher);
        Thread.ofVirtual().name("pod " + pod.getMetadata().getName()).start(serving::run);
        return serving;
    }

    private void run() {
        try {
            Path directory = launcher.podDirectory(pod);
            for (Container init : pod.getSpec().getInitContainers()) {
                LocalPod container = launchUnlessStopped(init, directory.resolve("init-" + init.getName()), Map.of());
                if (container == null) {
                    return;
                }
                int code = container.process().waitFor();
                if (code != 0 && !stopped) {
                    failure = "init container " + init.getName() + " exited with " + code + "; see " + container.log();
                    return;
                }
            }
            main = launchUnlessStopped(
                    pod.getSpec().getContainers().getFirst(), directory, Map.of(ContainerEnvironment.SERVE_PORT, "0"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = "cannot start: " + e.getMessage();
        }
    }

    /** Starts the container, unless the pod has been stopped meanwhile (then null). */
    private synchronized LocalPod launchUnlessStopped(
            Container container, Path directory, Map<String, String> loopbackEnvironment) {
        if (stopped) {
            return null;
        }
        running = launcher.launch(pod, container, directory, loopbackEnvironment, any -> {});
        return running;
    }

    Pod pod() {
        return pod;
    }

    String templateHash() {
        return pod.getMetadata().getLabels().get(ReplicaPods.TEMPLATE_HASH_LABEL);
    }

    boolean isReady() {
        return ready && !stopped;
    }

    /** Why the pod cannot become ready (a container exited), or empty while it runs or starts. */
    Optional<String> failure() {
        LocalPod main = this.main;
        if (failure == null && main != null && !main.process().isAlive() && !stopped) {
            failure = "container exited with " + main.process().exitValue() + "; see " + main.log();
        }
        return Optional.ofNullable(failure);
    }

    /** Probes the server once, unless it is ready already; true when it has just become ready. */
    boolean probe() {
        LocalPod main = this.main;
        if (ready || stopped || main == null || !main.process().isAlive()) {
            return false;
        }
        if (port == null) {
            Set<Integer> bound = BoundPorts.of(main.process());
            if (bound.size() > 1) {
                failure = "the container listens on " + bound + "; the agent routes a pod to one port";
                return false;
            }
            port = bound.stream().findFirst().orElse(null);
            if (port == null) {
                return false;
            }
        }
        ready = answers(readinessPath());
        return ready;
    }

    private String readinessPath() {
        Container container = pod.getSpec().getContainers().getFirst();
        HTTPGetAction get = container.getReadinessProbe() == null
                ? null
                : container.getReadinessProbe().getHttpGet();
        return get == null || get.getPath() == null ? "/" : get.getPath();
    }

    private boolean answers(String path) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(address().resolve(path))
                            .timeout(PROBE_TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() >= 200 && response.statusCode() < 400;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Where the pod's server listens: what a Service in front of it forwards to. */
    URI address() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops it as the kubelet stops a deleted pod: SIGTERM to whichever container runs, SIGKILL after a grace. */
    void stop() {
        LocalPod current;
        synchronized (this) {
            stopped = true;
            current = running;
        }
        if (current != null) {
            current.kill();
        }
    }

    /** The main container's log, once it started. */
    Optional<Path> log() {
        LocalPod main = this.main;
        return main == null ? Optional.empty() : Optional.of(main.log());
    }
}
