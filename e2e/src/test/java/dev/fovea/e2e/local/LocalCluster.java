package dev.fovea.e2e.local;

import dev.fovea.e2e.agent.LocalNodeAgent;
import dev.fovea.e2e.scenario.Repository;
import dev.fovea.e2e.scenario.ScenarioCluster;
import dev.fovea.e2e.scenario.ScenarioJobs;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A cluster on this machine for the scenarios: the mock API server, the local node agent standing in for the Job
 * controller and kubelet, and the real operator as a separate process.
 */
final class LocalCluster implements ScenarioCluster {

    private final MockApiServer api;
    private final LocalNodeAgent agent;
    private final OperatorProcess operator;
    private final Path workRoot;
    private final Repository repository;

    private LocalCluster(
            MockApiServer api, LocalNodeAgent agent, OperatorProcess operator, Path workRoot, Repository repository) {
        this.api = api;
        this.agent = agent;
        this.operator = operator;
        this.workRoot = workRoot;
        this.repository = repository;
    }

    static LocalCluster start(Repository repository) throws IOException {
        Path workRoot = Files.createTempDirectory("fovea-e2e-");
        MockApiServer api = MockApiServer.start(repository.crd());
        LocalNodeAgent agent = new LocalNodeAgent(
                        api.client(), workRoot, repository.fixtureVolumes(), repository.distribution())
                .start();
        OperatorProcess operator =
                new OperatorProcess(repository.operatorJar(), api.url(), workRoot.resolve("operator.log")).start();
        return new LocalCluster(api, agent, operator, workRoot, repository);
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

    @Override
    public void close() {
        operator.close();
        agent.close();
        api.close();
    }
}
