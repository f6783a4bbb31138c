package dev.fovea.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.spec.ImageClassificationEndpointSpec;
import dev.fovea.api.status.ConditionReason;
import dev.fovea.api.status.ConditionType;
import dev.fovea.api.status.EndpointPhase;
import dev.fovea.api.status.ImageClassificationEndpointStatus;
import dev.fovea.api.status.ServedModel;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What a user reads in an endpoint's status while its Deployment rolls out a model, gets stuck, or is scaled to 0. */
class EndpointStatusDraftTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final ServedModel OLD = model("s3://models/a/", "a");
    private static final ServedModel NEW = model("s3://models/b/", "b");

    @Test
    void aNewModelIsNotShownAsServedBeforeTheDeploymentControllerSawIt() {
        ImageClassificationEndpoint endpoint = servingOld();

        ImageClassificationEndpointStatus status =
                rollingOutNew(endpoint, deployment("b", 2, 2, 1, 2, 2, 2).build());

        assertThat(status.getModel().getUri()).isEqualTo(OLD.getUri());
        assertThat(condition(status, ConditionType.ModelResolved).getMessage()).isEqualTo("Rolling out s3://models/b/");
        assertThat(condition(status, ConditionType.Ready)).satisfies(ready -> {
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("RollingOut");
        });
        assertThat(status.getPhase()).isEqualTo(EndpointPhase.Degraded);
    }

    @Test
    void midRolloutTheStatusCountsTheUpdatedReplicasAndKeepsTheServedModel() {
        ImageClassificationEndpoint endpoint = servingOld();

        ImageClassificationEndpointStatus status =
                rollingOutNew(endpoint, deployment("b", 2, 2, 2, 3, 1, 3).build());

        assertThat(status.getModel().getUri()).isEqualTo(OLD.getUri());
        assertThat(condition(status, ConditionType.Ready).getMessage())
                .isEqualTo("Rolling out the pods of model s3://models/b/: 1 of 2 replicas are updated, 3 are ready;"
                        + " the previous pods keep serving s3://models/a/ until it completes");
        assertThat(status.getPhase()).isEqualTo(EndpointPhase.Degraded);
    }

    @Test
    void aStuckRolloutSaysWhichModelWhatStillServesAndWhereToLook() {
        ImageClassificationEndpoint endpoint = servingOld();

        ImageClassificationEndpointStatus status = rollingOutNew(endpoint, stuck(deployment("b", 2, 2, 2, 3, 1, 2)));

        assertThat(status.getModel().getUri()).isEqualTo(OLD.getUri());
        assertThat(condition(status, ConditionType.Ready)).satisfies(ready -> {
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("RolloutStuck");
            assertThat(ready.getMessage())
                    .contains(
                            "s3://models/b/",
                            "has timed out progressing",
                            "the previous pods keep serving s3://models/a/",
                            "kubectl describe pod -n test -l " + ObjectNames.ENDPOINT_NAME_LABEL + "=digits",
                            "kubectl logs -n test -l " + ObjectNames.ENDPOINT_NAME_LABEL + "=digits -c serve");
        });
        assertThat(status.getPhase()).isEqualTo(EndpointPhase.Degraded);
    }

    @Test
    void aFirstRolloutStuckWithNothingReadyFailsTheEndpoint() {
        ImageClassificationEndpoint endpoint = endpoint();

        ImageClassificationEndpointStatus status = rollingOutNew(endpoint, stuck(deployment("b", 1, 1, 1, 1, 1, 0)));

        assertThat(status.getModel()).isNull();
        assertThat(condition(status, ConditionType.Ready).getReason()).isEqualTo("RolloutStuck");
        assertThat(condition(status, ConditionType.Ready).getMessage()).contains("no pod serves");
        assertThat(status.getPhase()).isEqualTo(EndpointPhase.Failed);
    }

    @Test
    void aCompletedRolloutShowsTheNewModelAsServedAndReady() {
        ImageClassificationEndpoint endpoint = servingOld();

        ImageClassificationEndpointStatus status =
                rollingOutNew(endpoint, deployment("b", 2, 2, 2, 2, 2, 2).build());

        assertThat(status.getModel().getUri()).isEqualTo(NEW.getUri());
        assertThat(condition(status, ConditionType.ModelResolved).getMessage()).isEqualTo("Serving s3://models/b/");
        assertThat(condition(status, ConditionType.Ready)).satisfies(ready -> {
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(ready.getMessage()).isEqualTo("2 of 2 replicas are ready");
        });
        assertThat(status.getPhase()).isEqualTo(EndpointPhase.Ready);
    }

    @Test
    void theLastOldPodStillTerminatingIsNotARolledOutDeployment() {
        ImageClassificationEndpoint endpoint = servingOld();

        ImageClassificationEndpointStatus status =
                rollingOutNew(endpoint, deployment("b", 2, 2, 2, 3, 2, 2).build());

        assertThat(status.getModel().getUri()).isEqualTo(OLD.getUri());
        assertThat(condition(status, ConditionType.Ready).getReason()).isEqualTo("RollingOut");
    }

    @Test
    void aModelKeptFromTheStatusIsReadyOnlyWhenThePodsRunItAgain() {
        ImageClassificationEndpoint endpoint = servingOld();
        ConditionReason reason = ConditionReason.JobDeleted;

        ImageClassificationEndpointStatus towardsNew = draft(endpoint)
                .modelKept(reason, "job deleted; still serving s3://models/a/")
                .rollout(DeploymentRollout.of(deployment("b", 2, 2, 2, 2, 2, 2).build()))
                .build();
        ImageClassificationEndpointStatus backToOld = draft(endpoint)
                .modelKept(reason, "job deleted; still serving s3://models/a/")
                .rollout(DeploymentRollout.of(deployment("a", 2, 3, 3, 2, 2, 2).build()))
                .build();

        assertThat(towardsNew.getModel().getUri()).isEqualTo(OLD.getUri());
        assertThat(condition(towardsNew, ConditionType.Ready).getReason()).isEqualTo("RollingOut");
        assertThat(condition(backToOld, ConditionType.Ready).getReason()).isEqualTo("ReplicasReady");
        assertThat(condition(backToOld, ConditionType.ModelResolved).getReason())
                .isEqualTo("JobDeleted");
        assertThat(backToOld.getPhase()).isEqualTo(EndpointPhase.Ready);
    }

    @Test
    void zeroReplicasIsNotReady() {
        ImageClassificationEndpoint endpoint = endpoint();

        ImageClassificationEndpointStatus status =
                rollingOutNew(endpoint, deployment("b", 0, 1, 1, 0, 0, 0).build());

        assertThat(condition(status, ConditionType.Ready)).satisfies(ready -> {
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("ScaledToZero");
            assertThat(ready.getMessage()).contains("spec.replicas");
        });
        assertThat(status.getPhase()).isEqualTo(EndpointPhase.Pending);
    }

    @Test
    void pendingPodsOfAFirstRolloutAreNotReadyYet() {
        ImageClassificationEndpoint endpoint = endpoint();

        ImageClassificationEndpointStatus status =
                rollingOutNew(endpoint, deployment("b", 2, 1, 1, 2, 2, 0).build());

        assertThat(status.getModel()).isNull();
        assertThat(condition(status, ConditionType.Ready).getReason()).isEqualTo("ReplicasNotReady");
        assertThat(condition(status, ConditionType.Ready).getMessage()).isEqualTo("0 of 2 replicas are ready");
        assertThat(status.getPhase()).isEqualTo(EndpointPhase.Pending);
    }

    /** An endpoint whose status says it serves {@link #OLD} on 2 ready replicas. */
    private static ImageClassificationEndpoint servingOld() {
        ImageClassificationEndpoint endpoint = endpoint();
        endpoint.setStatus(draft(endpoint)
                .modelResolved(OLD)
                .rollout(DeploymentRollout.of(deployment("a", 2, 1, 1, 2, 2, 2).build()))
                .build());
        assertThat(endpoint.getStatus().getPhase()).isEqualTo(EndpointPhase.Ready);
        return endpoint;
    }

    /** A model at {@code uri} whose pods carry {@code digest}. */
    private static ServedModel model(String uri, String digest) {
        ServedModel model = new ServedModel(null, uri, null);
        model.setDigest(digest);
        return model;
    }

    private static ImageClassificationEndpoint endpoint() {
        ImageClassificationEndpoint endpoint =
                new ImageClassificationEndpoint("test", "digits", new ImageClassificationEndpointSpec());
        endpoint.getMetadata().setGeneration(1L);
        return endpoint;
    }

    /** The status once {@link #NEW} is resolved and the Deployment reports {@code deployment}. */
    private static ImageClassificationEndpointStatus rollingOutNew(
            ImageClassificationEndpoint endpoint, Deployment deployment) {
        return draft(endpoint)
                .modelResolved(NEW)
                .rollout(DeploymentRollout.of(deployment))
                .build();
    }

    private static EndpointStatusDraft draft(ImageClassificationEndpoint endpoint) {
        return EndpointStatusDraft.of(endpoint, CLOCK);
    }

    /**
     * The Deployment of {@code replicas} with {@code model}'s template, its controller having seen generation
     * {@code observed} and counted {@code pods}, {@code updated} of them of the current template, {@code ready} ready.
     */
    private static DeploymentBuilder deployment(
            String model, int replicas, long generation, long observed, int pods, int updated, int ready) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("digits")
                .withGeneration(generation)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewTemplate()
                .withNewMetadata()
                .addToAnnotations(ObjectNames.MODEL_ANNOTATION, model)
                .endMetadata()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withObservedGeneration(observed)
                .withReplicas(pods)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .endStatus();
    }

    /** What the Deployment controller reports once the new pods did not become ready within the progress deadline. */
    private static Deployment stuck(DeploymentBuilder deployment) {
        return deployment
                .editStatus()
                .addToConditions(new DeploymentConditionBuilder()
                        .withType("Progressing")
                        .withStatus("False")
                        .withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet \"digits-7d4b9c\" has timed out progressing.")
                        .build())
                .endStatus()
                .build();
    }

    private static Condition condition(ImageClassificationEndpointStatus status, ConditionType type) {
        return EndpointStatusDraft.condition(status, type).orElseThrow();
    }
}
