package dev.fovea.e2e.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fovea.e2e.scenario.E2eScenarios;
import dev.fovea.e2e.scenario.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;

/**
 * The end-to-end scenarios against a real cluster ({@code ./mvnw -pl e2e -am verify -Pcluster} with
 * {@code KUBECONFIG} set): Fovea installed from {@code charts/fovea}, the trainer image loaded, and PVCs
 * {@code mnist-data} (the MNIST fixture) and {@code e2e-work} in namespace {@code default}. See the README.
 */
class ClusterScenariosTest extends E2eScenarios {

    @BeforeEach
    void connect() {
        assumeTrue(
                Boolean.getBoolean("fovea.e2e.cluster"),
                "Real-cluster scenarios are skipped: run them with -Pcluster and KUBECONFIG naming a cluster");
        String kubeconfig = System.getenv("KUBECONFIG");
        Path config = kubeconfig == null || kubeconfig.isBlank()
                ? Path.of(System.getProperty("user.home"), ".kube", "config")
                : Path.of(kubeconfig.split(":")[0]);
        assumeTrue(
                Files.isRegularFile(config),
                "Real-cluster scenarios are skipped: no kubeconfig at " + config + " (set KUBECONFIG)");
        use(
                new KubeconfigCluster(System.getProperty("fovea.e2e.operator-namespace", "fovea-system")),
                Repository.find().resolve("examples/mnist.yaml"));
    }
}
