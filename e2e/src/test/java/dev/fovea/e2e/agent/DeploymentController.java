package dev.fovea.e2e.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A test-only stand-in for the Deployment controller (with its ReplicaSets), the kubelet of the Deployments' pods and
 * the Services in front of them. Each sync brings every Deployment's pods in line with its spec: {@code replicas} pods
 * of the current template, each run by a {@link ServingPod}; after a template change the new pods start at once and
 * an old pod stops (SIGTERM) only as a new one becomes Ready, so the ready pods never drop below {@code replicas}
 * (a rolling update with maxUnavailable 0). A pod whose container exits is replaced, after a {@link CrashLoopBackOff}.
 * Runs on the agent's thread.
 */
final class DeploymentController {

    private final KubernetesClient client;
    private final ContainerLauncher launcher;
    private final StatusWriter status;
    /** The pods this controller runs, by pod uid. */
    private final Map<String, ServingPod> pods = new ConcurrentHashMap<>();
    /** The status last written to each Deployment, by uid, so that an unchanged one is not written again. */
    private final Map<String, DeploymentCounts> written = new ConcurrentHashMap<>();

    private final CrashLoopBackOff backOff = new CrashLoopBackOff();

    DeploymentController(KubernetesClient client, ContainerLauncher launcher, StatusWriter status) {
        this.client = client;
        this.launcher = launcher;
        this.status = status;
    }

    void syncAll() {
        List<Deployment> deployments =
                client.apps().deployments().inAnyNamespace().list().getItems();
        Set<String> present =
                deployments.stream().map(d -> d.getMetadata().getUid()).collect(Collectors.toSet());
        Set<String> podsPresent = client.pods().inAnyNamespace().list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .map(pod -> pod.getMetadata().getUid())
                .collect(Collectors.toSet());
        pods.values().stream()
                .filter(pod -> !present.contains(ownerUid(pod)) || !podsPresent.contains(uid(pod)))
                .toList()
                .forEach(this::stop);
        written.keySet().retainAll(present);
        backOff.retainAll(present);
        deployments.forEach(this::sync);
    }

    private void sync(Deployment deployment) {
        String hash = ReplicaPods.templateHash(deployment);
        int replicas = deployment.getSpec().getReplicas() == null
                ? 1
                : deployment.getSpec().getReplicas();
        for (ServingPod pod : of(deployment)) {
            Optional<String> failure = pod.failure();
            if (failure.isPresent()) {
                System.err.println(
                        "local node agent: pod " + pod.pod().getMetadata().getName() + " of deployment "
                                + deployment.getMetadata().getName() + " failed, replacing it: " + failure.get());
                stop(pod);
                backOff.failed(deployment.getMetadata().getUid());
            } else if (pod.probe()) {
                status.servingPod(pod.pod(), true);
                backOff.ready(deployment.getMetadata().getUid());
            }
        }
        List<ServingPod> current = of(deployment).stream()
                .filter(pod -> pod.templateHash().equals(hash))
                .toList();
        if (backOff.mayStart(deployment.getMetadata().getUid())) {
            for (int missing = replicas - current.size(); missing > 0; missing--) {
                start(deployment);
            }
        }
        notReadyFirst(current).stream()
                .limit(Math.max(0, current.size() - replicas))
                .forEach(this::stop);
        long readyCurrent = current.stream().filter(ServingPod::isReady).count();
        List<ServingPod> old = of(deployment).stream()
                .filter(pod -> !pod.templateHash().equals(hash))
                .toList();
        long keepOld = Math.max(0, replicas - readyCurrent);
        notReadyFirst(old).stream().limit(Math.max(0, old.size() - keepOld)).forEach(this::stop);
        writeStatus(deployment, hash, replicas);
    }

    private void start(Deployment deployment) {
        Pod pod = client.pods()
                .inNamespace(deployment.getMetadata().getNamespace())
                .resource(ReplicaPods.from(deployment))
                .create();
        pods.put(uid(pod), ServingPod.start(pod, launcher));
        status.servingPod(pod, false);
    }

    /** Takes the pod out of the Service at once, deletes it, then stops its containers (SIGTERM, grace, SIGKILL). */
    private void stop(ServingPod pod) {
        pods.remove(uid(pod));
        client.pods()
                .inNamespace(pod.pod().getMetadata().getNamespace())
                .withName(pod.pod().getMetadata().getName())
                .delete();
        Thread.ofVirtual().start(pod::stop);
    }

    private void writeStatus(Deployment deployment, String hash, int replicas) {
        List<ServingPod> all = of(deployment);
        DeploymentCounts counts = new DeploymentCounts(
                deployment.getMetadata().getGeneration(),
                replicas,
                all.size(),
                (int) all.stream()
                        .filter(pod -> pod.templateHash().equals(hash))
                        .count(),
                (int) all.stream().filter(ServingPod::isReady).count());
        if (!counts.equals(written.get(deployment.getMetadata().getUid()))) {
            status.deployment(deployment, counts);
            written.put(deployment.getMetadata().getUid(), counts);
        }
    }

    /**
     * Where the Service {@code namespace/name} forwards to: a ready pod its selector picks, on the port it bound.
     * Empty while the Service does not exist or no pod of it is ready.
     */
    Optional<URI> serviceAddress(String namespace, String name) {
        Service service =
                client.services().inNamespace(namespace).withName(name).get();
        if (service == null) {
            return Optional.empty();
        }
        return pods.values().stream()
                .filter(ServingPod::isReady)
                .filter(pod -> namespace.equals(pod.pod().getMetadata().getNamespace()))
                .filter(pod -> ReplicaPods.matches(pod.pod(), service.getSpec().getSelector()))
                .map(ServingPod::address)
                .findFirst();
    }

    private List<ServingPod> of(Deployment deployment) {
        return pods.values().stream()
                .filter(pod -> deployment.getMetadata().getUid().equals(ownerUid(pod)))
                .toList();
    }

    private static List<ServingPod> notReadyFirst(List<ServingPod> pods) {
        return pods.stream().sorted(Comparator.comparing(ServingPod::isReady)).toList();
    }

    private static String uid(ServingPod pod) {
        return uid(pod.pod());
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }

    private static String ownerUid(ServingPod pod) {
        return pod.pod().getMetadata().getOwnerReferences().getFirst().getUid();
    }

    /** Stops every pod, as the node going away would. */
    void close() {
        pods.values().parallelStream().forEach(ServingPod::stop);
        pods.clear();
    }
}
