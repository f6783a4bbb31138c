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
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a user reads in an endpoint's status while its Deployment rolls out a model, gets stuck, or is scaled to 0, and
 * while its autoscaler can or cannot scale.
 */
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
    @Test
    void aCpuTargetOnPodsWithoutACpuRequestSaysWhatToSetAndLeavesThePhaseAlone() {
        ImageClassificationEndpoint endpoint = servingOld();
        Deployment deployment = deployment("a", 2, 1, 1, 2, 2, 2).build();

        ImageClassificationEndpointStatus status = draft(endpoint)
                .modelResolved(OLD)
                .rollout(DeploymentRollout.of(deployment))
                .autoscaler(AutoscalerVerdict.of(
                        hpa(cpuTarget(), "False", "FailedGetResourceMetric", MISSING_CPU_REQUEST),
                        Optional.of(deployment)))
                .build();

        assertThat(condition(status, ConditionType.AutoscalingActive)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("FailedGetResourceMetric");
            assertThat(c.getMessage())
                    .isEqualTo(MISSING_CPU_REQUEST + "; the serve container requests no CPU: set"
                            + " spec.resources.requests.cpu; CPU utilisation is a share of the request");
        });
        assertThat(status.getPhase()).isEqualTo(EndpointPhase.Ready);
        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("True");
    }

    @Test
    void aCpuLimitIsARequestSoTheHpaMessageStandsAlone() {
        Deployment deployment = deployment("a", 2, 1, 1, 2, 2, 2)
                .editSpec()
                .editTemplate()
                .editOrNewSpec()
                .editFirstContainer()
                .withNewResources()
                .addToLimits("cpu", new Quantity("2"))
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();

        AutoscalerVerdict verdict = AutoscalerVerdict.of(
                        hpa(cpuTarget(), "False", "FailedGetResourceMetric", "unable to fetch metrics"),
                        Optional.of(deployment))
                .orElseThrow();

        assertThat(verdict.message()).isEqualTo("unable to fetch metrics");
    }

    @Test
    void anInFlightTargetWithoutAnAdapterSaysToInstallOne() {
        String unavailable = "the HPA was unable to compute the replica count: unable to get metric"
                + " fovea_serve_in_flight_requests: unable to fetch metrics from custom metrics API";

        AutoscalerVerdict verdict = AutoscalerVerdict.of(
                        hpa(inFlightTarget(), "False", "FailedGetPodsMetric", unavailable),
                        Optional.of(deployment("a", 2, 1, 1, 2, 2, 2).build()))
                .orElseThrow();

        assertThat(verdict.active()).isFalse();
        assertThat(verdict.message())
                .isEqualTo(unavailable + "; install a custom metrics adapter (e.g. prometheus-adapter) that serves"
                        + " the Pods metric fovea_serve_in_flight_requests from the pods' Prometheus gauge");
    }

    @Test
    void anHpaThatScalesIsTrueWithItsOwnReasonAndTheConditionGoesWithAutoscaling() {
        ImageClassificationEndpoint endpoint = servingOld();
        DeploymentRollout rollout =
                DeploymentRollout.of(deployment("a", 2, 1, 1, 2, 2, 2).build());
        endpoint.setStatus(draft(endpoint)
                .rollout(rollout)
                .autoscaler(AutoscalerVerdict.of(
                        hpa(inFlightTarget(), "True", "ValidMetricFound", "the HPA was able to compute"),
                        Optional.empty()))
                .build());
        assertThat(condition(endpoint.getStatus(), ConditionType.AutoscalingActive))
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("True");
                    assertThat(c.getReason()).isEqualTo("ValidMetricFound");
                    assertThat(c.getMessage()).isEqualTo("the HPA was able to compute");
                });

        ImageClassificationEndpointStatus removed =
                draft(endpoint).rollout(rollout).autoscaler(Optional.empty()).build();

        assertThat(EndpointStatusDraft.condition(removed, ConditionType.AutoscalingActive))
                .isEmpty();
        assertThat(removed.getPhase()).isEqualTo(EndpointPhase.Ready);
    }

    @Test
    void anHpaThatHasNotReportedGivesNoCondition() {
        HorizontalPodAutoscaler fresh = new HorizontalPodAutoscalerBuilder()
                .withNewSpec()
                .withMetrics(cpuTarget())
                .endSpec()
                .build();

        assertThat(AutoscalerVerdict.of(fresh, Optional.empty())).isEmpty();
    }

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
                .withNewSpec()
                .addNewContainer()
                .withName("serve")
                .endContainer()
                .endSpec()
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

    private static final String MISSING_CPU_REQUEST = "the HPA was unable to compute the replica count: failed to get"
            + " cpu utilization: missing request for cpu in container serve of Pod digits-7d4b9c-x2k4z";

    /** The HPA on {@code metric}, its controller reporting ScalingActive {@code status} for {@code reason}. */
    private static HorizontalPodAutoscaler hpa(MetricSpec metric, String status, String reason, String message) {
        return new HorizontalPodAutoscalerBuilder()
                .withNewSpec()
                .withMetrics(metric)
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("AbleToScale")
                .withStatus("True")
                .withReason("SucceededGetScale")
                .endCondition()
                .addNewCondition()
                .withType("ScalingActive")
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .endCondition()
                .endStatus()
                .build();
    }

    private static MetricSpec cpuTarget() {
        return new MetricSpecBuilder()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(70)
                .endTarget()
                .endResource()
                .build();
    }

    private static MetricSpec inFlightTarget() {
        return new MetricSpecBuilder()
                .withType("Pods")
                .withNewPods()
                .withNewMetric()
                .withName("fovea_serve_in_flight_requests")
                .endMetric()
                .endPods()
                .build();
    }

    private static Condition condition(ImageClassificationEndpointStatus status, ConditionType type) {
        return EndpointStatusDraft.condition(status, type).orElseThrow();
    }
}
