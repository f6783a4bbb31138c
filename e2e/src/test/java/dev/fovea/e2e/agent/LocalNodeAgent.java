package dev.fovea.e2e.agent;

import dev.fovea.api.contract.ContainerEnvironment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A test-only stand-in for the Job controller and the kubelet: for each Indexed Job it creates pods
 * {@code <job>-<k>}, runs each pod's trainer as a local process, writes pod and Job status back, and honours
 * {@code suspend} and deletion by stopping the processes. Like the kubelet it works level-triggered: every
 * {@link #SYNC_PERIOD} it lists the Jobs and pods and brings its processes in line with them, so a watch event that
 * never arrives cannot leave a suspended or deleted Job's (or a deleted pod's) trainers running. Everything happens on one thread, in order.
 * It stands in for the Deployment controller and the Services too ({@link DeploymentController}): a Deployment's pods
 * run as servers, and {@link #serviceAddress} is where a Service routes.
 */
public final class LocalNodeAgent implements AutoCloseable {

    private final KubernetesClient client;
    private final LoopbackAddresses addresses = new LoopbackAddresses();
    private final GangRendezvous rendezvous = new GangRendezvous();
    private final ContainerLauncher launcher;
    private final DeploymentController deployments;
    private final StatusWriter status;
    private final JobCounters counters = new JobCounters();
    private final Map<String, LocalPod> pods = new ConcurrentHashMap<>();
    private final Map<String, List<Path>> logs = new ConcurrentHashMap<>();
    private static final Duration SYNC_PERIOD = Duration.ofSeconds(1);

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().factory());
    /** The Jobs whose pods this agent started, by uid, as last listed. */
    private final Map<String, Job> known = new HashMap<>();

    /**
     * @param fixtureVolumes claims the pods find filled ({@code <claim>/} folders), every other claim starts empty
     * @param runtime how a pod's container runs: {@link HostJvmRuntime} or {@link ImageRuntime}
     */
    public LocalNodeAgent(KubernetesClient client, Path workRoot, Path fixtureVolumes, PodRuntime runtime) {
        this.client = client;
        this.launcher = new ContainerLauncher(
                workRoot,
                new PodFilesystem(client, fixtureVolumes, workRoot.resolve("claims"), addresses),
                new PodEnvironment(client, addresses),
                runtime);
        this.status = new StatusWriter(client);
        this.deployments = new DeploymentController(client, launcher, status);
    }

    public LocalNodeAgent start() {
        events.scheduleWithFixedDelay(() -> run(this::syncAll), 0, SYNC_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Lists every Job and brings the pods in line: start, suspend, stop the ones whose Job is gone. */
    private void syncAll() {
        List<Job> jobs = client.batch().v1().jobs().inAnyNamespace().list().getItems();
        Set<String> present = new HashSet<>();
        for (Job job : jobs) {
            present.add(job.getMetadata().getUid());
            sync(job);
        }
        for (Job gone : List.copyOf(known.values())) {
            if (!present.contains(gone.getMetadata().getUid())) {
                stop(gone);
            }
        }
        stopDeletedPods();
        deployments.syncAll();
    }

    /**
     * Stops the trainer of every pod that someone else deleted, as the kubelet stops a deleted pod's containers. Its
     * exit then goes the usual way: the Job counts the pod failed, as the Job controller counts a pod deleted from
     * under it (not one it deleted itself for a suspension).
     */
    private void stopDeletedPods() {
        Set<String> present = client.pods().inAnyNamespace().list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .map(pod -> pod.getMetadata().getUid())
                .collect(Collectors.toSet());
        pods.values().stream()
                .filter(local -> !present.contains(local.pod().getMetadata().getUid()))
                .toList()
                .parallelStream()
                .forEach(LocalPod::kill);
    }

    /** Runs an event on the agent's thread; a failure is printed (the test's output) and the agent goes on. */
    private void handle(Runnable event) {
        events.submit(() -> run(event));
    }

    private static void run(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            System.err.println("local node agent: " + e);
            e.printStackTrace();
        }
    }

    /** The running local pod named {@code name}, e.g. to crash it in a scenario. */
    public Optional<Process> processOf(String namespace, String name) {
        return Optional.ofNullable(pods.get(namespace + "/" + name)).map(LocalPod::process);
    }

    /** Every pod this agent has created so far, over all jobs (to check that none was duplicated). */
    public List<String> createdPods() {
        return counters.createdPods();
    }

    /** The trainer logs of every pod named {@code name} so far, oldest first (one per gang attempt). */
    public List<Path> trainerLogs(String namespace, String name) {
        return List.copyOf(logs.getOrDefault(namespace + "/" + name, List.of()));
    }

    private void sync(Job job) {
        if (JobCounters.hasEnded(job)) {
            return;
        }
        if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            if (counters.isStarted(job)) {
                // The Job controller deletes a suspended Job's pods; the kubelet stops them (SIGTERM) first.
                stop(job);
                status.job(job, 0, 0, 0, "Suspended", "JobSuspended");
            }
            return;
        }
        if (counters.isStarted(job)) {
            return;
        }
        counters.started(job);
        known.put(job.getMetadata().getUid(), job);
        int hosts = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
        for (int index = 0; index < hosts; index++) {
            startPod(job, index);
        }
        status.job(job, hosts, 0, 0, null, null);
    }

    private void startPod(Job job, int index) {
        Pod desired = TrainerPods.forIndex(job, index);
        String namespace = job.getMetadata().getNamespace();
        status.remove(client.pods()
                .inNamespace(namespace)
                .withName(desired.getMetadata().getName())
                .get());
        Pod pod = client.pods().inNamespace(namespace).resource(desired).create();
        counters.created(pod);
        int hostCount =
                job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
        LocalPod local = launcher.launch(
                pod,
                Map.of(
                        ContainerEnvironment.LISTEN_ADDRESS, addresses.listenAddress(),
                        ContainerEnvironment.OBSERVE_PORT, "0",
                        ContainerEnvironment.OMP_NUM_THREADS, "1"),
                mounts -> rendezvous.join(pod, job.getMetadata().getUid(), index, hostCount, mounts));
        Container container = pod.getSpec().getContainers().getFirst();
        pods.put(key(pod), local);
        logs.computeIfAbsent(key(pod), any -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(local.log());
        local.process().onExit().thenRun(() -> handle(() -> exited(job, local, container.getName())));
        status.podRunning(pod, container.getName());
    }

    /**
     * Runs a pod that no Job owns (e.g. the operator's, rendered from the chart) as the kubelet would, with
     * {@code loopbackEnvironment} added to its container's environment for what a pod network would give it (its own
     * port numbers); returns the process and where its output goes. The caller stops it.
     */
    public RunningPod run(Pod pod, Map<String, String> loopbackEnvironment) {
        return new RunningPod(launcher.launch(pod, loopbackEnvironment, mounts -> {}));
    }

    /** A pod started by {@link #run}: its container's process and log. */
    public static final class RunningPod {

        private final LocalPod pod;

        private RunningPod(LocalPod pod) {
            this.pod = pod;
        }

        public Process process() {
            return pod.process();
        }

        public Path log() {
            return pod.log();
        }

        /** Stops it as the kubelet does on deletion: SIGTERM, SIGKILL after a grace period. */
        public void stop() {
            pod.kill();
        }
    }

    private void exited(Job job, LocalPod local, String container) {
        Pod pod = local.pod();
        if (!pods.remove(key(pod), local)) {
            // Stopped by the agent itself (suspend, deletion), or a pod of an earlier gang attempt whose exit arrives
            // after its successor of the same name started: only the successor's entry may be removed.
            return;
        }
        rendezvous.leave(pod);
        int code = local.process().exitValue();
        status.podTerminated(pod, container, code, local.terminationMessage());
        status.counted(pod);
        JobCounters.Tally tally = counters.ended(job, code == 0);
        if (tally == null) {
            return; // the Job is gone: nothing to replace or complete
        }
        int backoffLimit =
                job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        if (tally.failed() > backoffLimit) {
            stopRunning(job);
            status.job(job, 0, tally.succeeded(), tally.failed(), "Failed", "BackoffLimitExceeded");
        } else if (code != 0) {
            startPod(job, TrainerPods.index(pod));
            status.job(job, tally.active(), tally.succeeded(), tally.failed(), null, null);
        } else if (tally.succeeded() == job.getSpec().getCompletions()) {
            status.job(job, 0, tally.succeeded(), tally.failed(), "Complete", "CompletionsReached");
        } else {
            status.job(job, tally.active(), tally.succeeded(), tally.failed(), null, null);
        }
    }

    /** Stops the job's processes and deletes its pods; true when something was running. */
    private boolean stop(Job job) {
        boolean wasRunning = stopRunning(job);
        client.pods()
                .inNamespace(job.getMetadata().getNamespace())
                .withLabel(TrainerPods.CONTROLLER_UID_LABEL, job.getMetadata().getUid())
                .list()
                .getItems()
                .forEach(status::remove);
        counters.forget(job);
        known.remove(job.getMetadata().getUid());
        return wasRunning;
    }

    /**
     * Stops the job's running pods in the Job controller's and the kubelet's order: each pod is marked deleting first,
     * then its trainer gets SIGTERM, then its exit code (143, or 3 where it noticed its peer go first) goes into its
     * status, and only then does it go. Nobody ever sees a stopped pod's exit code without its deletion timestamp.
     */
    private boolean stopRunning(Job job) {
        List<LocalPod> ofJob = pods.values().stream()
                .filter(pod -> job.getMetadata()
                        .getUid()
                        .equals(pod.pod().getMetadata().getLabels().get(TrainerPods.CONTROLLER_UID_LABEL)))
                .toList();
        ofJob.forEach(pod -> {
            pods.remove(key(pod.pod()), pod);
            rendezvous.leave(pod.pod());
        });
        ofJob.forEach(stopped -> client.resource(stopped.pod()).delete());
        ofJob.parallelStream().forEach(LocalPod::kill);
        ofJob.forEach(stopped -> {
            status.podTerminated(
                    stopped.pod(),
                    stopped.pod().getSpec().getContainers().getFirst().getName(),
                    stopped.process().exitValue(),
                    stopped.terminationMessage());
            status.counted(stopped.pod());
        });
        return !ofJob.isEmpty();
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /**
     * Where the Service {@code namespace/name} forwards to, as cluster DNS and kube-proxy would route it: a ready pod
     * of a Deployment that its selector picks, on the port that pod's server bound. Empty until one is ready.
     */
    public Optional<URI> serviceAddress(String namespace, String name) {
        return deployments.serviceAddress(namespace, name);
    }

    @Override
    public void close() {
        events.shutdownNow();
        deployments.close();
        pods.values().parallelStream().forEach(LocalPod::kill);
        pods.clear();
        rendezvous.close();
    }
}
