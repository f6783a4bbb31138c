package dev.fovea.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.spec.Autoscaling;
import dev.fovea.api.spec.ImageClassificationEndpointSpec;
import dev.fovea.api.spec.ModelSource;
import dev.fovea.api.spec.OutputDataConfig;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.spec.S3Source;
import dev.fovea.api.spec.ServingOptions;
import dev.fovea.api.status.EndpointPhase;
import dev.fovea.api.status.JobPhase;
import dev.fovea.api.status.Progress;
import dev.fovea.api.status.TrainerPhase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Endpoints against the mock API server with the operator running: the objects they own and their status. */
@QuarkusTest
@QuarkusTestResource(MockCluster.class)
class ImageClassificationEndpointReconcilerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NAMESPACE = Jobs.NAMESPACE;

    @Inject
    KubernetesClient client;

    @Test
    void servesWhatASucceededJobUploadedToS3OnceItSucceeds() {
        ImageClassificationJob job = Jobs.valid("trained", 1);
        OutputDataConfig output = new OutputDataConfig();
        output.setS3(new S3Source("s3://models/out", "s3-creds"));
        output.getS3().setEndpoint("http://minio.storage:9000");
        job.getSpec().setOutputDataConfig(output);
        client.resource(job).create();
        ImageClassificationEndpointSpec spec = new ImageClassificationEndpointSpec(ModelSource.fromJob("trained"));
        spec.setReplicas(2);
        ServingOptions serving = new ServingOptions();
        serving.setMaxBatchSize(16);
        spec.setServing(serving);
        client.resource(new ImageClassificationEndpoint(NAMESPACE, "digits", spec))
                .create();

        ImageClassificationEndpoint waiting =
                awaitEndpoint("digits", e -> e.getStatus().getPhase() != null);
        assertThat(waiting.getStatus().getPhase()).isEqualTo(EndpointPhase.Pending);
        assertThat(condition(waiting, "ModelResolved").getReason()).isEqualTo("JobNotSucceeded");
        assertThat(condition(waiting, "ModelResolved").getMessage()).contains("trained", "once it Succeeded");
        assertThat(get(Deployment.class, "digits")).isNull();

        String artifact = "s3://models/out/trained/output/model.tar.gz";
        succeed("trained", 0.93, artifact);

        Deployment deployment = awaitObject(Deployment.class, "digits");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(ObjectNames.endpointLabels("digits"));
        var pod = deployment.getSpec().getTemplate();
        assertThat(pod.getMetadata().getAnnotations()).containsKey(ObjectNames.MODEL_ANNOTATION);
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        Container fetch = pod.getSpec().getInitContainers().getFirst();
        assertThat(fetch.getCommand()).containsExactly("fovea");
        assertThat(fetch.getArgs()).containsSequence("--uri", artifact).containsSequence("--to", "/opt/ml/model");
        assertThat(fetch.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("AWS_ACCESS_KEY_ID");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-creds");
        });
        assertThat(fetch.getEnv()).anySatisfy(e -> assertThat(e.getValue()).isEqualTo("http://minio.storage:9000"));
        Container serve = pod.getSpec().getContainers().getFirst();
        assertThat(serve.getArgs()).containsExactly("serve");
        assertThat(serve.getPorts().getFirst().getName()).isEqualTo("http");
        assertThat(serve.getPorts().getFirst().getContainerPort()).isEqualTo(8080);
        assertThat(serve.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ping");
        // a busy pod (503s at its connection limit) is not a dead one: liveness only asks whether the port listens
        assertThat(serve.getLivenessProbe().getHttpGet()).isNull();
        assertThat(serve.getLivenessProbe().getTcpSocket().getPort().getStrVal())
                .isEqualTo("http");
        // leaving the Service, the pod serves on until clients stop sending, then serve drains within the pod's grace
        assertThat(serve.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(40L);
        assertThat(serve.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(serve.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(serve.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("FOVEA_SERVE_MAX_BATCH_SIZE");
            assertThat(e.getValue()).isEqualTo("16");
        });
        assertThat(serve.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/opt/ml/model"));

        Service service = awaitObject(Service.class, "digits");
        assertThat(service.getSpec().getPorts().getFirst().getName()).isEqualTo("http");
        assertThat(service.getSpec().getPorts().getFirst().getPort()).isEqualTo(8080);
        assertThat(service.getSpec().getSelector()).isEqualTo(ObjectNames.endpointLabels("digits"));
        PodDisruptionBudget budget = awaitObject(PodDisruptionBudget.class, "digits");
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(get(HorizontalPodAutoscaler.class, "digits")).isNull();

        readyReplicas("digits", 2);
        ImageClassificationEndpoint ready =
                awaitEndpoint("digits", e -> e.getStatus().getPhase() == EndpointPhase.Ready);
        assertThat(ready.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(ready.getStatus().getReplicas()).isEqualTo(2);
        assertThat(ready.getStatus().getModel().getJobName()).isEqualTo("trained");
        assertThat(ready.getStatus().getModel().getUri()).isEqualTo(artifact);
        assertThat(ready.getStatus().getModel().getValidationAccuracy()).isEqualTo(0.93);
        assertThat(ready.getStatus().getUrl()).isEqualTo("http://digits.test.svc:8080");
        assertThat(ready.getStatus().getObservedGeneration())
                .isEqualTo(ready.getMetadata().getGeneration());
        assertThat(condition(ready, "ModelResolved").getStatus()).isEqualTo("True");
        assertThat(condition(ready, "Ready").getStatus()).isEqualTo("True");
    }

    @Test
    void aJobThatDoesNotExistIsAConditionThatNamesIt() {
        create("orphan", spec -> spec.setModel(ModelSource.fromJob("no-such-job")));

        ImageClassificationEndpoint endpoint =
                awaitEndpoint("orphan", e -> e.getStatus().getPhase() != null);
        assertThat(endpoint.getStatus().getPhase()).isEqualTo(EndpointPhase.Pending);
        Condition model = condition(endpoint, "ModelResolved");
        assertThat(model.getStatus()).isEqualTo("False");
        assertThat(model.getReason()).isEqualTo("JobNotFound");
        assertThat(model.getMessage()).contains("spec.model.fromJob", "no-such-job", NAMESPACE);
        awaitEvent("orphan", "JobNotFound");
        assertThat(get(Deployment.class, "orphan")).isNull();
    }

    @Test
    void aJobThatKeptNoModelFailsTheEndpointWithWhatToDo() {
        client.resource(Jobs.valid("kept-nothing", 1)).create();
        succeed("kept-nothing", 0.5, "/opt/ml/model");
        create("nothing", spec -> spec.setModel(ModelSource.fromJob("kept-nothing")));

        ImageClassificationEndpoint endpoint =
                awaitEndpoint("nothing", e -> e.getStatus().getPhase() == EndpointPhase.Failed);
        Condition model = condition(endpoint, "ModelResolved");
        assertThat(model.getReason()).isEqualTo("JobWroteNoModel");
        assertThat(model.getMessage()).contains("kept-nothing", "it has no spec.outputDataConfig");
    }

    @Test
    void anEndpointWhoseJobWasDeletedKeepsItsModelAndTakesSpecChanges() {
        ImageClassificationJob job = Jobs.valid("expired", 1);
        OutputDataConfig output = new OutputDataConfig();
        output.setS3(new S3Source("s3://models/out", "s3-creds"));
        job.getSpec().setOutputDataConfig(output);
        client.resource(job).create();
        String artifact = "s3://models/out/expired/output/model.tar.gz";
        succeed("expired", 0.9, artifact);
        create("lasting", spec -> {
            spec.setModel(ModelSource.fromJob("expired"));
            spec.setReplicas(1);
        });
        String served = modelAnnotation(awaitObject(Deployment.class, "lasting"));
        readyReplicas("lasting", 1);
        awaitEndpoint(
                "lasting",
                e -> e.getStatus().getPhase() == EndpointPhase.Ready
                        && e.getStatus().getModel() != null
                        && "expired".equals(e.getStatus().getModel().getJobName()));

        client.resource(get(ImageClassificationJob.class, "expired")).delete();
        await().atMost(WAIT).until(() -> get(ImageClassificationJob.class, "expired") == null);
        ImageClassificationEndpoint kept = awaitEndpoint(
                "lasting",
                e -> "JobDeleted".equals(condition(e, "ModelResolved").getReason()));
        Condition model = condition(kept, "ModelResolved");
        assertThat(model.getStatus()).isEqualTo("True");
        assertThat(model.getMessage()).contains("job expired was deleted", artifact, "name another job");
        assertThat(kept.getStatus().getPhase()).isEqualTo(EndpointPhase.Ready);
        assertThat(kept.getStatus().getModel().getUri()).isEqualTo(artifact);
        awaitEvent("lasting", "JobDeleted");

        edit("lasting", e -> e.getSpec().setReplicas(3));

        await().atMost(WAIT)
                .until(() -> get(Deployment.class, "lasting").getSpec().getReplicas() == 3);
        Deployment deployment = get(Deployment.class, "lasting");
        assertThat(modelAnnotation(deployment)).isEqualTo(served);
        Container fetch =
                deployment.getSpec().getTemplate().getSpec().getInitContainers().getFirst();
        assertThat(fetch.getArgs()).containsSequence("--uri", artifact);
        assertThat(fetch.getEnv())
                .anySatisfy(e ->
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-creds"));
    }

    @Test
    void anotherModelRollsThePodTemplate() {
        create("rolling", spec -> {
            spec.setModel(s3Model("s3://models/a/"));
            spec.setReplicas(2);
        });
        String first = modelAnnotation(awaitObject(Deployment.class, "rolling"));
        readyReplicas("rolling", 2);
        awaitEndpoint("rolling", e -> e.getStatus().getPhase() == EndpointPhase.Ready);

        edit("rolling", e -> e.getSpec().getModel().getS3().setUri("s3://models/b/"));

        await().atMost(WAIT).until(() -> !first.equals(modelAnnotation(get(Deployment.class, "rolling"))));
        Deployment rolled = get(Deployment.class, "rolling");
        assertThat(rolled.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getInitContainers()
                        .getFirst()
                        .getArgs())
                .contains("s3://models/b/");
        ImageClassificationEndpoint rollingOut = awaitEndpoint(
                "rolling",
                e -> "Rolling out s3://models/b/"
                        .equals(condition(e, "ModelResolved").getMessage()));
        assertThat(rollingOut.getStatus().getModel().getUri()).isEqualTo("s3://models/a/");

        rolloutStatus("rolling", 3, 1, 2, null);
        ImageClassificationEndpoint midway =
                awaitEndpoint("rolling", e -> condition(e, "Ready").getMessage().contains("1 of 2"));
        assertThat(condition(midway, "Ready").getReason()).isEqualTo("RollingOut");
        assertThat(condition(midway, "Ready").getMessage())
                .isEqualTo("Rolling out the pods of model s3://models/b/: 1 of 2 replicas are updated, 2 are ready;"
                        + " the previous pods keep serving s3://models/a/ until it completes");
        assertThat(midway.getStatus().getModel().getUri()).isEqualTo("s3://models/a/");
        assertThat(midway.getStatus().getPhase()).isEqualTo(EndpointPhase.Degraded);

        readyReplicas("rolling", 2);
        ImageClassificationEndpoint done = awaitEndpoint(
                "rolling",
                e -> e.getStatus().getPhase() == EndpointPhase.Ready
                        && "s3://models/b/".equals(e.getStatus().getModel().getUri()));
        assertThat(condition(done, "ModelResolved").getMessage()).isEqualTo("Serving s3://models/b/");
        assertThat(condition(done, "Ready").getMessage()).isEqualTo("2 of 2 replicas are ready");
    }

    @Test
    void aRolloutPastItsProgressDeadlineSaysSoAndKeepsNamingTheServedModel() {
        create("stuck", spec -> spec.setModel(s3Model("s3://models/good/")));
        awaitObject(Deployment.class, "stuck");
        readyReplicas("stuck", 1);
        awaitEndpoint("stuck", e -> e.getStatus().getPhase() == EndpointPhase.Ready);
        String good = modelAnnotation(get(Deployment.class, "stuck"));

        edit("stuck", e -> e.getSpec().getModel().getS3().setUri("s3://models/broken/"));
        await().atMost(WAIT).until(() -> !good.equals(modelAnnotation(get(Deployment.class, "stuck"))));
        rolloutStatus(
                "stuck",
                2,
                1,
                1,
                new DeploymentConditionBuilder()
                        .withType("Progressing")
                        .withStatus("False")
                        .withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet \"stuck-6f7d\" has timed out progressing.")
                        .build());

        ImageClassificationEndpoint stuck = awaitEndpoint(
                "stuck", e -> "RolloutStuck".equals(condition(e, "Ready").getReason()));
        assertThat(condition(stuck, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(stuck, "Ready").getMessage())
                .contains(
                        "s3://models/broken/",
                        "the previous pods keep serving s3://models/good/",
                        "kubectl describe pod -n " + NAMESPACE + " -l " + ObjectNames.ENDPOINT_NAME_LABEL + "=stuck");
        assertThat(stuck.getStatus().getModel().getUri()).isEqualTo("s3://models/good/");
        assertThat(stuck.getStatus().getPhase()).isEqualTo(EndpointPhase.Degraded);
        awaitEvent("stuck", "RolloutStuck");
    }

    @Test
    void zeroReplicasAreNotReady() {
        create("idle", spec -> {
            spec.setModel(s3Model("s3://models/a/"));
            spec.setReplicas(0);
        });
        awaitObject(Deployment.class, "idle");
        readyReplicas("idle", 0);

        ImageClassificationEndpoint idle = awaitEndpoint(
                "idle",
                e -> e.getStatus().getReplicas() != null && e.getStatus().getReplicas() == 0);
        assertThat(idle.getStatus().getPhase()).isEqualTo(EndpointPhase.Pending);
        assertThat(condition(idle, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(idle, "Ready").getReason()).isEqualTo("ScaledToZero");
        assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
                .noneMatch(
                        e -> "idle".equals(e.getInvolvedObject().getName()) && "ReplicasReady".equals(e.getReason()));
    }

    @Test
    void autoscalingOwnsTheReplicasUntilItIsRemoved() {
        create("scaled", spec -> {
            spec.setModel(new ModelSource());
            spec.getModel().setPersistentVolumeClaim(new PersistentVolumeClaimSource("models", "mnist"));
            Autoscaling autoscaling = new Autoscaling();
            autoscaling.setMinReplicas(2);
            autoscaling.setMaxReplicas(5);
            autoscaling.setTargetInFlightRequestsPerPod(4);
            spec.setAutoscaling(autoscaling);
        });

        HorizontalPodAutoscaler hpa = awaitObject(HorizontalPodAutoscaler.class, "scaled");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("scaled");
        var metric = hpa.getSpec().getMetrics().getFirst();
        assertThat(metric.getPods().getMetric().getName()).isEqualTo("fovea_serve_in_flight_requests");
        assertThat(metric.getPods().getTarget().getAverageValue().getAmount()).isEqualTo("4");
        Deployment deployment = awaitObject(Deployment.class, "scaled");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers()).isEmpty();
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("models");
            assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
        });
        assertThat(pod.getContainers().getFirst().getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getSubPath()).isEqualTo("mnist");
            assertThat(m.getReadOnly()).isTrue();
        });

        edit("scaled", e -> {
            e.getSpec().setAutoscaling(null);
            e.getSpec().setReplicas(3);
        });

        await().atMost(WAIT).until(() -> get(HorizontalPodAutoscaler.class, "scaled") == null);
        await().atMost(WAIT)
                .until(() -> get(Deployment.class, "scaled").getSpec().getReplicas() == 3);
    }

    @Test
    void anInvalidSpecFailsWithTheFieldAndRollsOutNothing() {
        create("both", spec -> {
            spec.setModel(s3Model("s3://models/a/"));
            spec.setReplicas(2);
            Autoscaling autoscaling = new Autoscaling();
            autoscaling.setMaxReplicas(1);
            autoscaling.setMinReplicas(3);
            autoscaling.setTargetCpuUtilizationPercent(70);
            spec.setAutoscaling(autoscaling);
        });

        ImageClassificationEndpoint endpoint =
                awaitEndpoint("both", e -> e.getStatus().getPhase() == EndpointPhase.Failed);
        Condition model = condition(endpoint, "ModelResolved");
        assertThat(model.getReason()).isEqualTo("InvalidSpec");
        assertThat(model.getMessage())
                .contains("spec.replicas", "not both", "spec.autoscaling.minReplicas", "must not exceed maxReplicas");
        assertThat(get(Deployment.class, "both")).isNull();
    }

    /** Runs the job's one host to success, its progress naming the model and its validation accuracy. */
    private void succeed(String job, double accuracy, String modelArtifact) {
        GangSimulator gang = new GangSimulator(client, NAMESPACE);
        awaitObject(io.fabric8.kubernetes.api.model.batch.v1.Job.class, job);
        gang.startPods(job, 1, 0);
        String last = new Progress(
                        4,
                        4,
                        10L,
                        130.0,
                        0.95,
                        accuracy,
                        0.99,
                        0.1,
                        "epoch-0004",
                        TrainerPhase.Succeeded,
                        accuracy,
                        modelArtifact,
                        null,
                        null)
                .toJson();
        gang.terminate(job, 0, 0, 0, last);
        await().atMost(WAIT).until(() -> {
            ImageClassificationJob current = get(ImageClassificationJob.class, job);
            return current.getStatus() != null && current.getStatus().getPhase() == JobPhase.Succeeded;
        });
    }

    private static ModelSource s3Model(String uri) {
        ModelSource model = new ModelSource();
        model.setS3(new S3Source(uri, "s3-creds"));
        return model;
    }

    private void create(String name, Consumer<ImageClassificationEndpointSpec> spec) {
        ImageClassificationEndpointSpec built = new ImageClassificationEndpointSpec();
        spec.accept(built);
        client.resource(new ImageClassificationEndpoint(NAMESPACE, name, built)).create();
    }

    private void edit(String name, Consumer<ImageClassificationEndpoint> change) {
        client.resources(ImageClassificationEndpoint.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .edit(e -> {
                    change.accept(e);
                    return e;
                });
    }

    /** What the Deployment controller reports once every pod of its current template answers /ping. */
    private void readyReplicas(String name, int ready) {
        rolloutStatus(name, ready, ready, ready, null);
    }

    /**
     * What the Deployment controller reports of its current spec: {@code pods} of old and new templates,
     * {@code updated} of the new one, {@code ready} answering /ping, and, when the new pods did not become ready in
     * time, the Progressing condition saying so.
     */
    private void rolloutStatus(String name, int pods, int updated, int ready, DeploymentCondition progressing) {
        client.apps().deployments().inNamespace(NAMESPACE).withName(name).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(pods)
                    .withReadyReplicas(ready)
                    .withUpdatedReplicas(updated)
                    .withConditions(progressing == null ? List.of() : List.of(progressing))
                    .build());
            return d;
        });
    }

    private static String modelAnnotation(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(ObjectNames.MODEL_ANNOTATION);
    }

    private <T extends HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
    }

    private <T extends HasMetadata> T awaitObject(Class<T> type, String name) {
        return await().atMost(WAIT).until(() -> get(type, name), java.util.Objects::nonNull);
    }

    private ImageClassificationEndpoint awaitEndpoint(String name, Predicate<ImageClassificationEndpoint> ready) {
        return await().atMost(WAIT)
                .until(
                        () -> get(ImageClassificationEndpoint.class, name),
                        e -> e != null && e.getStatus() != null && ready.test(e));
    }

    private void awaitEvent(String owner, String reason) {
        await().atMost(WAIT)
                .until(() -> client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                        .anyMatch(e -> owner.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())));
    }

    private static Condition condition(ImageClassificationEndpoint endpoint, String type) {
        return endpoint.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no condition " + type + " in " + endpoint.getStatus().getConditions()));
    }
}
