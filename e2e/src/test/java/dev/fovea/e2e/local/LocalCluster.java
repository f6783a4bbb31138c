package dev.fovea.e2e.local;

import dev.fovea.api.contract.ContainerEnvironment;
import dev.fovea.e2e.agent.HostJvmRuntime;
import dev.fovea.e2e.agent.ImageRuntime;
import dev.fovea.e2e.agent.LocalNodeAgent;
import dev.fovea.e2e.chart.ChartOperatorPod;
import dev.fovea.e2e.image.BuiltImages;
import dev.fovea.e2e.scenario.Repository;
import dev.fovea.e2e.scenario.ScenarioCluster;
import dev.fovea.e2e.scenario.ScenarioJobs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A cluster on this machine for the scenarios: the mock API server, the local node agent standing in for the Job
 * controller and kubelet, and the real operator as a separate process.
 */
final class LocalCluster implements ScenarioCluster {

    private static final Pattern SERVICE_HOST = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.svc(\\.cluster\\.local)?");

    private final MockApiServer api;
    private final LocalNodeAgent agent;
    private final LocalOperator operator;
    private final Path workRoot;
    private final Repository repository;

    private LocalCluster(
            MockApiServer api, LocalNodeAgent agent, LocalOperator operator, Path workRoot, Repository repository) {
        this.api = api;
        this.agent = agent;
        this.operator = operator;
        this.workRoot = workRoot;
        this.repository = repository;
    }

    /** The operator and the trainers as processes of this machine's JVM, from the modules' build output. */
    static LocalCluster start(Repository repository) throws IOException {
        Path workRoot = Files.createTempDirectory("fovea-e2e-");
        MockApiServer api = MockApiServer.start(repository.crds());
        LocalNodeAgent agent = new LocalNodeAgent(
                        api.client(),
                        workRoot,
                        repository.fixtureVolumes(),
                        new HostJvmRuntime(repository.distribution()))
                .start();
        OperatorProcess operator =
                new OperatorProcess(repository.operatorJar(), api.url(), workRoot.resolve("operator.log")).start();
        return new LocalCluster(api, agent, operator, workRoot, repository);
    }

    /**
     * The operator and the trainers from their built images, each pod run by the agent under its own security
     * context ({@link ImageRuntime}): the operator as the chart's Deployment makes its pod, the trainers as the
     * operator renders theirs. The chart names both images; {@code images} are what this "node" has for them.
     */
    static LocalCluster startFromImages(Repository repository, BuiltImages images) throws IOException {
        Path workRoot = Files.createTempDirectory("fovea-e2e-images-");
        // The pods' users must reach their volumes, wherever the clone lives.
        Files.setPosixFilePermissions(workRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path fixtures = copy(repository.fixtureVolumes(), workRoot.resolve("fixtures"));
        Pod operatorPod = ChartOperatorPod.render();
        Container operatorContainer = operatorPod.getSpec().getContainers().getFirst();
        String trainerImage = operatorContainer.getEnv().stream()
                .filter(variable -> variable.getName().equals(ContainerEnvironment.OPERATOR_TRAINER_IMAGE))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalStateException("the chart sets no " + ContainerEnvironment.OPERATOR_TRAINER_IMAGE))
                .getValue();
        ImageRuntime runtime = new ImageRuntime(
                Map.of(operatorContainer.getImage(), images.operator(), trainerImage, images.trainer()));
        MockApiServer api = MockApiServer.start(repository.crds());
        LocalNodeAgent agent = new LocalNodeAgent(api.client(), workRoot, fixtures, runtime).start();
        OperatorContainer operator = new OperatorContainer(agent, operatorPod, api.url()).start();
        return new LocalCluster(api, agent, operator, workRoot, repository);
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
        return to;
    }

    @Override
    public KubernetesClient client() {
        return api.client();
    }

    @Override
    public List<String> trainerLogs(String namespace, String job, int index) {
        return agent.trainerLogs(namespace, job + "-" + index).stream()
                .map(LocalCluster::read)
                .toList();
    }

    @Override
    public void crashTrainer(String namespace, String job, int index) {
        agent.processOf(namespace, job + "-" + index)
                .orElseThrow(() -> new IllegalStateException("host " + index + " of " + job + " is not running"))
                .destroyForcibly();
    }

    @Override
    public void restartOperator() {
        operator.stop();
        operator.start();
    }

    @Override
    public boolean hasCheckpoint(String namespace, String job) {
        try (Stream<Path> entries = Files.list(workClaim(job).resolve("checkpoints"))) {
            return entries.anyMatch(entry -> entry.getFileName().toString().matches("epoch-\\d+"));
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public boolean hasModel(String namespace, String job) {
        try (Stream<Path> entries = Files.list(workClaim(job).resolve("model"))) {
            return entries.findAny().isPresent();
        } catch (IOException none) {
            return false;
        }
    }

    @Override
    public OptionalInt predict(String namespace, String job, String image) throws Exception {
        return OptionalInt.of(Predictions.predictedClass(
                repository,
                workClaim(job).resolve("model"),
                repository.fixtureVolumes().resolve("mnist-data/heldout").resolve(image)));
    }

    /**
     * Stands in for cluster DNS and kube-proxy: {@code http://<service>.<namespace>.svc[.cluster.local][:port]/...}
     * goes to a ready pod of the Service, on the port its server bound.
     */
    @Override
    public Optional<URI> route(String clusterUrl) {
        URI url = URI.create(clusterUrl);
        Matcher service = SERVICE_HOST.matcher(url.getHost());
        if (!service.matches()) {
            throw new IllegalArgumentException(clusterUrl + " names no Service (<service>.<namespace>.svc)");
        }
        return agent.serviceAddress(service.group(3), service.group(1))
                .map(pod -> pod.resolve(url.getRawPath().isEmpty() ? "/" : url.getRawPath()));
    }

    /** Where the Service {@code namespace/name} routes on this machine: a ready pod's server, once there is one. */
    Optional<URI> serviceAddress(String namespace, String name) {
        return agent.serviceAddress(namespace, name);
    }

    /** The job's folder on the scenarios' work claim (checkpoints and model), which the agent keeps locally. */
    private Path workClaim(String job) {
        return workRoot.resolve("claims").resolve(ScenarioJobs.WORK_CLAIM).resolve(job);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code command} in a pod like {@code pod} (its image, security context, environment and volumes; the
     * container's command replaced) and returns what it printed: to look at a pod from the inside.
     */
    String runInPodLike(Pod pod, List<String> command) throws InterruptedException, IOException {
        Pod probe = new io.fabric8.kubernetes.api.model.PodBuilder(pod)
                .editMetadata()
                .withName(pod.getMetadata().getName() + "-probe")
                .withUid(java.util.UUID.randomUUID().toString())
                .endMetadata()
                .editSpec()
                .editFirstContainer()
                .withCommand(command)
                .withArgs()
                .endContainer()
                .endSpec()
                .build();
        LocalNodeAgent.RunningPod running = agent.run(probe, Map.of());
        if (!running.process().waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
            running.stop();
            throw new IllegalStateException("the probe in " + pod.getMetadata().getName() + " hung");
        }
        return Files.readString(running.log());
    }

    @Override
    public void close() {
        operator.close();
        agent.close();
        api.close();
    }
}
