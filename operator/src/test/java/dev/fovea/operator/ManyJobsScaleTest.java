package dev.fovea.operator;

import static org.awaitility.Awaitility.await;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * 500 jobs at once: prints how long until every one has its Indexed Job (the last dependent) and the operator's heap.
 * A report, not a timed assertion — the numbers depend on the machine.
 */
@QuarkusTest
class ManyJobsScaleTest {

    private static final int JOBS = 500;
    private static final String NAMESPACE = "scale";

    @Inject
    KubernetesClient client;

    @Test
    void reconcilesFiveHundredJobs() {
        long start = System.nanoTime();
        for (int i = 0; i < JOBS; i++) {
            ImageClassificationJob job = Jobs.valid("scale-" + i, 2);
            job.getMetadata().setNamespace(NAMESPACE);
            client.resource(job).create();
        }
        long created = System.nanoTime();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(NAMESPACE)
                                .withLabel(ObjectNames.MANAGED_BY_LABEL, ObjectNames.MANAGED_BY_VALUE)
                                .list()
                                .getItems()
                                .size()
                        == JOBS);
        long done = System.nanoTime();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(
                "[scale] %d jobs: created in %d ms, all with their dependents after %d ms; heap after GC "
                        + "%d MiB (operator, mock API server and test together)%n",
                JOBS, (created - start) / 1_000_000, (done - start) / 1_000_000, heap / (1024 * 1024));
    }
}
