package dev.fovea.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.CheckpointConfig;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A job without checkpointConfig is told, in its status and by an event, that a gang restart starts over. */
@QuarkusTest
class CheckpointsEphemeralTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    KubernetesClient client;

    @Test
    void withoutCheckpointConfigTheStatusAndAnEventSayARestartStartsFromEpochZero() {
        client.resource(Jobs.valid("ephemeral", 2)).create();

        ImageClassificationJob job = awaitJob(
                "ephemeral", j -> Conditions.find(j, "CheckpointsEphemeral").isPresent());
        Condition ephemeral = Conditions.find(job, "CheckpointsEphemeral").orElseThrow();
        assertThat(ephemeral.getStatus()).isEqualTo("True");
        assertThat(ephemeral.getReason()).isEqualTo("NoCheckpointConfig");
        assertThat(ephemeral.getMessage()).contains("starts over from epoch 0").contains("spec.checkpointConfig");
        await().atMost(WAIT)
                .until(() -> events("ephemeral").stream()
                        .anyMatch(e -> "Warning".equals(e.getType())
                                && "NoCheckpointConfig".equals(e.getReason())
                                && e.getMessage().contains("epoch 0")));

        GangSimulator gang = new GangSimulator(client, Jobs.NAMESPACE);
        gang.startPods("ephemeral", 2, 0);
        awaitJob(
                "ephemeral",
                j -> Conditions.find(j, "Running")
                        .filter(c -> "True".equals(c.getStatus()))
                        .isPresent());
        gang.terminate("ephemeral", 1, 0, 137, "");
        ImageClassificationJob restarting = awaitJob(
                "ephemeral", j -> Integer.valueOf(1).equals(j.getStatus().getRestarts()));
        assertThat(Conditions.find(restarting, "Restarting").orElseThrow().getMessage())
                .startsWith("Restarting the gang from epoch 0, since spec.checkpointConfig is not set");
    }

    @Test
    void withCheckpointConfigNoSuchConditionAppears() {
        ImageClassificationJob job = Jobs.valid("durable", 1);
        CheckpointConfig checkpoints = new CheckpointConfig();
        checkpoints.setPersistentVolumeClaim(new PersistentVolumeClaimSource("checkpoints", "durable"));
        job.getSpec().setCheckpointConfig(checkpoints);
        client.resource(job).create();

        ImageClassificationJob created = awaitJob("durable", j -> j.getStatus().getTotalEpochs() != null);
        assertThat(Conditions.find(created, "CheckpointsEphemeral")).isEmpty();
        assertThat(events("durable")).noneMatch(e -> "NoCheckpointConfig".equals(e.getReason()));
    }

    private ImageClassificationJob awaitJob(String name, Predicate<ImageClassificationJob> ready) {
        return await().atMost(WAIT)
                .until(
                        () -> client.resources(ImageClassificationJob.class)
                                .inNamespace(Jobs.NAMESPACE)
                                .withName(name)
                                .get(),
                        j -> j != null && j.getStatus() != null && ready.test(j));
    }

    private java.util.List<Event> events(String job) {
        return client.v1().events().inNamespace(Jobs.NAMESPACE).list().getItems().stream()
                .filter(e -> job.equals(e.getInvolvedObject().getName()))
                .toList();
    }
}
