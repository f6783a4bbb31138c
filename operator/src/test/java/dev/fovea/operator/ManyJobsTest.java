package dev.fovea.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.status.JobPhase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Many jobs created at once, reconciled concurrently: each gets exactly its own Job and token — none lost, none twice
 * — and a Created status for its generation. It also prints how long that took and the heap; with
 * {@code -Dfovea.scale.jobs=500} it is the operator-scale benchmark ({@code bench/operator-scale/run.sh}).
 */
@QuarkusTest
class ManyJobsTest {

    private static final int JOBS = Integer.getInteger("fovea.scale.jobs", 20);
    private static final String NAMESPACE = "scale";

    @Inject
    KubernetesClient client;

    @Test
    void everyJobOfABurstGetsExactlyItsOwnObjectsAndStatus() {
        long start = System.nanoTime();
        for (int i = 0; i < JOBS; i++) {
            ImageClassificationJob job = Jobs.valid("scale-" + i, 2);
            job.getMetadata().setNamespace(NAMESPACE);
            client.resource(job).create();
        }
        long created = System.nanoTime();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> owned(Job.class).size() == JOBS);
        long done = System.nanoTime();
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> jobs().stream().allMatch(ManyJobsTest::isCreatedForItsGeneration));

        assertThat(countByJob(owned(Job.class)))
                .hasSize(JOBS)
                .allSatisfy((job, count) ->
                        assertThat(count).as("Indexed Jobs of %s", job).isOne());
        assertThat(countByJob(owned(Secret.class)))
                .hasSize(JOBS)
                .allSatisfy((job, count) ->
                        assertThat(count).as("token Secrets of %s", job).isOne());
        assertThat(jobs())
                .allSatisfy(job -> assertThat(job.getStatus().getConditions())
                        .noneMatch(c -> c.getType().equals("ReconcileError")));

        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(
                "[scale] %d jobs: created in %d ms, all with their dependents after %d ms; heap after GC "
                        + "%d MiB (operator, mock API server and test together)%n",
                JOBS, (created - start) / 1_000_000, (done - start) / 1_000_000, heap / (1024 * 1024));
    }

    private static boolean isCreatedForItsGeneration(ImageClassificationJob job) {
        return job.getStatus() != null
                && job.getStatus().getPhase() == JobPhase.Created
                && job.getMetadata().getGeneration().equals(job.getStatus().getObservedGeneration());
    }

    private List<ImageClassificationJob> jobs() {
        return client.resources(ImageClassificationJob.class)
                .inNamespace(NAMESPACE)
                .list()
                .getItems();
    }

    private <T extends HasMetadata> List<T> owned(Class<T> type) {
        return client.resources(type)
                .inNamespace(NAMESPACE)
                .withLabel(ObjectNames.MANAGED_BY_LABEL, ObjectNames.MANAGED_BY_VALUE)
                .list()
                .getItems();
    }

    private static Map<String, Long> countByJob(List<? extends HasMetadata> objects) {
        return objects.stream()
                .map(o -> o.getMetadata().getLabels().get(ObjectNames.JOB_NAME_LABEL))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
