package dev.fovea.e2e.local;

import dev.fovea.e2e.scenario.E2eScenarios;
import dev.fovea.e2e.scenario.Repository;
import org.junit.jupiter.api.BeforeEach;

/**
 * The end-to-end scenarios on this machine: the real operator process against the mock API server, the local node
 * agent running each pod's trainer as a process on the repository's MNIST fixture.
 */
class LocalClusterScenariosTest extends E2eScenarios {

    @BeforeEach
    void startCluster() throws Exception {
        Repository repository = Repository.find();
        use(LocalCluster.start(repository), repository.resolve("examples/mnist.yaml"));
    }
}
