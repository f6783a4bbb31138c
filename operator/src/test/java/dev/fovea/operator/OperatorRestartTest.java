package dev.fovea.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.status.JobPhase;
import dev.fovea.operator.lifecycle.JobLifecycle;
import dev.fovea.operator.metrics.OperatorMetrics;
import dev.fovea.operator.status.JobEvents;
import dev.fovea.operator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A second operator starts mid-job with empty caches, as after a restart or a leader change where the old leader has
 * not noticed yet: it adopts what exists — no second Job, no new token, status kept — while both write status
 * concurrently (their 409s are retried), and the job still ends Succeeded.
 */
@QuarkusTest
class OperatorRestartTest {

    @Inject
    KubernetesClient client;

    @Inject
    OperatorMetrics metrics;

    @Inject
    OperatorConfig config;

    @Inject
    JobEvents events;

    @Inject
    Clock clock;

    @Test
    void aSecondFreshOperatorAdoptsARunningJobWithoutDuplicates() {
        GangSimulator gang = new GangSimulator(client, Jobs.NAMESPACE);
        client.resource(Jobs.valid("survivor", 2)).create();
        Job before = await().atMost(Duration.ofSeconds(20)).until(() -> batchJob(), j -> j != null);
        gang.startPods("survivor", 2, 0);
        awaitPhase(JobPhase.Running);
        String token = secret().getData().get("token");
        String startTime = job().getStatus().getStartTime();

        KubernetesClient ownClient = new KubernetesClientBuilder()
                .withConfig(client.getConfiguration())
                .build();
        Operator fresh = new Operator(overrider -> overrider
                .withKubernetesClient(ownClient)
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(true));
        fresh.register(new ImageClassificationJobReconciler(
                new StatusRecorder(metrics, events),
                new JobLifecycle(new FakeProgressReader(), config),
                metrics,
                config,
                clock));
        fresh.start();
        try {
            // A spec edit that changes nothing the gang runs with: the new operator must reconcile and keep it all.
            client.resources(ImageClassificationJob.class)
                    .inNamespace(Jobs.NAMESPACE)
                    .withName("survivor")
                    .edit(j -> {
                        j.getSpec().setBackoffLimit(5);
                        return j;
                    });
            await().atMost(Duration.ofSeconds(20)).until(() -> job().getStatus().getObservedGeneration() == 2L);
            assertThat(client.batch()
                            .v1()
                            .jobs()
                            .inNamespace(Jobs.NAMESPACE)
                            .withLabel(ObjectNames.JOB_NAME_LABEL, "survivor")
                            .list()
                            .getItems())
                    .singleElement()
                    .satisfies(j -> assertThat(j.getMetadata().getUid())
                            .isEqualTo(before.getMetadata().getUid()));
            assertThat(secret().getData().get("token")).isEqualTo(token);
            assertThat(job().getStatus().getPhase()).isEqualTo(JobPhase.Running);
            assertThat(job().getStatus().getStartTime()).isEqualTo(startTime);
            assertThat(job().getStatus().getRestarts()).isZero();

            gang.terminate("survivor", 0, 0, 0, "");
            gang.terminate("survivor", 1, 0, 0, "");
            awaitPhase(JobPhase.Succeeded);
        } finally {
            fresh.stop();
        }
    }

    private ImageClassificationJob job() {
        return client.resources(ImageClassificationJob.class)
                .inNamespace(Jobs.NAMESPACE)
                .withName("survivor")
                .get();
    }

    private Job batchJob() {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(Jobs.NAMESPACE)
                .withName("survivor")
                .get();
    }

    private Secret secret() {
        return client.secrets()
                .inNamespace(Jobs.NAMESPACE)
                .withName("survivor-token")
                .get();
    }

    private void awaitPhase(JobPhase phase) {
        await().atMost(Duration.ofSeconds(20))
                .until(this::job, j -> j.getStatus() != null && j.getStatus().getPhase() == phase);
    }
}
