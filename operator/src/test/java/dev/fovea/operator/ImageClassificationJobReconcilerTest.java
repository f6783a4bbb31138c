package dev.fovea.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.status.JobPhase;
import dev.fovea.api.status.Progress;
import dev.fovea.api.status.TrainerPhase;
import dev.fovea.operator.dependent.TrainerPods;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.dsl.Timesable;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MockCluster.class)
class ImageClassificationJobReconcilerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry registry;

    @Inject
    FakeProgressReader progress;

    private GangSimulator gang;

    @BeforeEach
    void setUp() {
        gang = new GangSimulator(client, Jobs.NAMESPACE);
        progress.reset();
    }

    @Test
    void happyPathCreatesDependentsShowsProgressAndKeepsFinalMetrics() {
        double succeededBefore = registry.get("fovea.jobs.succeeded").counter().count();
        long runningBefore = registry.get("fovea.job.time.to.running").timer().count();
        long reconcilesBefore = registry.get("fovea.reconcile.duration").timer().count();
        create(Jobs.valid("happy", 2));
        Job batch = awaitJob("happy");
        assertThat(batch.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(batch.getSpec().getCompletions()).isEqualTo(2);
        assertThat(batch.getSpec().getParallelism()).isEqualTo(2);
        assertThat(batch.getSpec().getBackoffLimit()).isZero();
        var pod = batch.getSpec().getTemplate().getSpec();
        assertThat(pod.getSubdomain()).isEqualTo("happy-hosts");
        var trainer = pod.getContainers().get(0);
        assertThat(trainer.getResources().getLimits()).containsKey("nvidia.com/gpu");
        assertThat(trainer.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(trainer.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(trainer.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(trainer.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/opt/ml/input/data/train");
            assertThat(m.getSubPath()).isEqualTo("mnist/train");
        });
        assertThat(trainer.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("FOVEA_EXCHANGE_TOKEN"));

        ConfigMap config = get(ConfigMap.class, "happy-config");
        assertThat(config.getData())
                .containsKeys(
                        "hyperparameters.json",
                        "inputdataconfig.json",
                        "resourceconfig-0.json",
                        "resourceconfig-1.json");
        assertThat(config.getData().get("hyperparameters.json")).contains("\"num_classes\":\"10\"");
        assertThat(config.getData().get("resourceconfig-1.json")).contains("algo-2");
        Secret token = get(Secret.class, "happy-token");
        assertThat(Base64.getDecoder().decode(token.getData().get("token"))).hasSize(64);
        Service hosts = get(Service.class, "happy-hosts");
        assertThat(hosts.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(hosts.getSpec().getPublishNotReadyAddresses()).isTrue();
        NetworkPolicy policy = get(NetworkPolicy.class, "happy-exchange");
        assertThat(policy.getSpec()
                        .getIngress()
                        .get(0)
                        .getPorts()
                        .get(0)
                        .getPort()
                        .getIntVal())
                .isEqualTo(9090);
        for (HasMetadata owned : List.of(batch, config, token, hosts, policy)) {
            assertThat(owned.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(owner -> assertThat(owner.getName()).isEqualTo("happy"));
        }

        progress.serve(
                "happy",
                new Progress(
                        2,
                        4,
                        10L,
                        123.0,
                        0.8,
                        0.7,
                        0.9,
                        0.5,
                        "epoch-0002",
                        TrainerPhase.Training,
                        0.7,
                        null,
                        null,
                        "Resumed from the older checkpoint epoch-0001; skipped epoch-0002: parameters.params is damaged"));
        gang.startPods("happy", 2, 0);
        ImageClassificationJob running = awaitStatus(
                "happy", j -> j.getStatus().getEpoch() != null && j.getStatus().getPhase() == JobPhase.Running);
        assertThat(running.getStatus().getValidationAccuracy()).isEqualTo(0.7);
        await().atMost(WAIT)
                .until(() -> client
                        .pods()
                        .inNamespace(Jobs.NAMESPACE)
                        .withLabel(ObjectNames.JOB_NAME_LABEL, "happy")
                        .list()
                        .getItems()
                        .stream()
                        .allMatch(p -> p.getMetadata()
                                .getLabels()
                                .get(TrainerPods.COMPLETION_INDEX)
                                .equals(p.getMetadata().getLabels().get(ObjectNames.HOST_INDEX_LABEL))));
        assertThat(running.getStatus().getLastCheckpoint()).isEqualTo("epoch-0002");
        assertThat(running.getStatus().getCheckpointNotice())
                .startsWith("Resumed from the older checkpoint epoch-0001");
        awaitEvent("happy", "CheckpointsSkipped", "skipped epoch-0002: parameters.params is damaged");

        String last = new Progress(
                        4,
                        4,
                        10L,
                        130.0,
                        0.95,
                        0.93,
                        0.99,
                        0.1,
                        "epoch-0004",
                        TrainerPhase.Succeeded,
                        0.93,
                        "/opt/ml/model",
                        null,
                        null)
                .toJson();
        gang.terminate("happy", 0, 0, 0, last);
        gang.terminate("happy", 1, 0, 0, last);
        ImageClassificationJob done = awaitStatus("happy", j -> j.getStatus().getPhase() == JobPhase.Succeeded);
        assertThat(done.getStatus().getValidationAccuracy()).isEqualTo(0.93);
        assertThat(done.getStatus().getModelArtifact()).isEqualTo("/opt/ml/model");
        assertThat(Conditions.of(done, "Succeeded").getReason()).isEqualTo("Completed");
        assertThat(done.getStatus().getObservedGeneration())
                .isEqualTo(done.getMetadata().getGeneration());
        awaitEvent("happy", "Completed");
        // The registry is shared by every test: no other job succeeds or first runs while this test runs.
        assertThat(registry.get("fovea.jobs.succeeded").counter().count()).isEqualTo(succeededBefore + 1);
        assertThat(registry.get("fovea.job.time.to.running").timer().count()).isEqualTo(runningBefore + 1);
        assertThat(registry.get("fovea.reconcile.duration").timer().count()).isGreaterThan(reconcilesBefore);
        await().atMost(WAIT)
                .until(() -> registry.get("fovea.jobs")
                                .tag("phase", "Succeeded")
                                .gauge()
                                .value()
                        == jobsIn(JobPhase.Succeeded));
    }

    @Test
    void clientErrorFailsAtOnceWithTheTrainersReason() {
        double failedBefore = failedJobs("ClientError");
        create(Jobs.valid("usererr", 2));
        awaitJob("usererr");
        gang.startPods("usererr", 2, 0);
        awaitStatus("usererr", j -> j.getStatus().getPhase() == JobPhase.Running);
        // What the trainer writes as its termination message on failure: its last progress, with the reason.
        gang.terminate(
                "usererr",
                1,
                0,
                2,
                Progress.starting(10)
                        .failedWith("ClientError: label 12 is out of range for num_classes=10")
                        .toJson());
        ImageClassificationJob failed =
                awaitStatus("usererr", j -> j.getStatus().getPhase() == JobPhase.Failed);
        Condition condition = Conditions.of(failed, "Failed");
        assertThat(condition.getReason()).isEqualTo("ClientError");
        assertThat(condition.getMessage()).isEqualTo("ClientError: label 12 is out of range for num_classes=10");
        assertThat(failed.getStatus().getRestarts()).isZero();
        await().atMost(WAIT)
                .until(() -> client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(Jobs.NAMESPACE)
                                .withName("usererr")
                                .get()
                        == null);
        awaitEvent("usererr", "ClientError");
        assertThat(failedJobs("ClientError")).isEqualTo(failedBefore + 1);
    }

    @Test
    void retryableFailureRestartsTheGangThenBackoffLimitFailsIt() {
        create(Jobs.valid("retry", 2));
        Job first = awaitJob("retry");
        gang.startPods("retry", 2, 0);
        awaitStatus("retry", j -> j.getStatus().getPhase() == JobPhase.Running);
        gang.terminate("retry", 0, 0, 3, "peer algo-2 timed out");
        ImageClassificationJob restarting =
                awaitStatus("retry", j -> j.getStatus().getRestarts() == 1);
        assertThat(Conditions.of(restarting, "Restarting").getReason()).isEqualTo("PeerLost");
        Job second = await().atMost(WAIT)
                .until(
                        () -> client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(Jobs.NAMESPACE)
                                .withName("retry")
                                .get(),
                        j -> j != null
                                && "1"
                                        .equals(j.getSpec()
                                                .getTemplate()
                                                .getMetadata()
                                                .getLabels()
                                                .get(TrainerPods.ATTEMPT_LABEL)));
        assertThat(second.getMetadata().getUid())
                .isNotEqualTo(first.getMetadata().getUid());
        assertThat(client.pods()
                        .inNamespace(Jobs.NAMESPACE)
                        .withLabel(TrainerPods.ATTEMPT_LABEL, "0")
                        .withLabel(ObjectNames.JOB_NAME_LABEL, "retry")
                        .list()
                        .getItems())
                .isEmpty();
        gang.startPods("retry", 2, 1);
        awaitStatus(
                "retry",
                j -> j.getStatus().getPhase() == JobPhase.Running
                        && j.getStatus().getRestarts() == 1);

        gang.evict("retry", 1, 1);
        ImageClassificationJob failed = awaitStatus("retry", j -> j.getStatus().getPhase() == JobPhase.Failed);
        assertThat(Conditions.of(failed, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(Conditions.of(failed, "Failed").getMessage()).contains("evicted");
    }

    @Test
    void transferLearningWithoutModelChannelOrCatalogueFailsNamingTheChartValue() {
        ImageClassificationJob job = Jobs.valid("nocatalogue", 1);
        job.getSpec().getHyperParameters().setUsePretrainedModel(1);
        job.getSpec().getHyperParameters().setNumLayers(50);
        create(job);
        ImageClassificationJob failed =
                awaitStatus("nocatalogue", j -> j.getStatus().getPhase() == JobPhase.Failed);
        assertThat(Conditions.of(failed, "Failed").getMessage())
                .contains("spec.hyperParameters.usePretrainedModel")
                .contains("chart value pretrainedCatalogue")
                .contains("docs/pretrained-catalogue.md");
        awaitEvent("nocatalogue", "InvalidHyperParameters", "pretrainedCatalogue");
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(Jobs.NAMESPACE)
                        .withName("nocatalogue")
                        .get())
                .isNull();
    }

    @Test
    void invalidHyperParametersFailWithoutPods() {
        ImageClassificationJob job = Jobs.valid("badhp", 1);
        job.getSpec().getHyperParameters().setNumLayers(19);
        create(job);
        ImageClassificationJob failed = awaitStatus("badhp", j -> j.getStatus().getPhase() == JobPhase.Failed);
        Condition condition = Conditions.of(failed, "Failed");
        assertThat(condition.getReason()).isEqualTo("InvalidHyperParameters");
        assertThat(condition.getMessage()).contains("numLayers").contains("19");
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(Jobs.NAMESPACE)
                        .withName("badhp")
                        .get())
                .isNull();
        awaitEvent("badhp", "InvalidHyperParameters");

        edit("badhp", j -> j.getSpec().getHyperParameters().setNumLayers(18));
        awaitJob("badhp");
        // The Job is created before the status that admits the job is written: wait for that status.
        ImageClassificationJob admitted =
                awaitStatus("badhp", j -> j.getStatus().getObservedGeneration() == 2L);
        assertThat(admitted.getStatus().getPhase()).isNotEqualTo(JobPhase.Failed);
    }

    @Test
    void anEditOfARunningJobThatTheJavaRulesRejectIsRefusedAndTheGangKeepsRunning() {
        create(Jobs.valid("editbad", 1));
        Job before = awaitJob("editbad");
        gang.startPods("editbad", 1, 0);
        awaitStatus("editbad", j -> j.getStatus().getPhase() == JobPhase.Running);
        String hyperParameters =
                get(ConfigMap.class, "editbad-config").getData().get("hyperparameters.json");
        // The API server's CEL rules cannot parse a step list: only the Java rules see that it does not ascend.
        edit("editbad", j -> j.getSpec().getHyperParameters().setLrSchedulerStep("6,2"));

        ImageClassificationJob refused = awaitStatus("editbad", j -> isTrue(j, "SpecChangeRefused"));
        assertThat(refused.getStatus().getPhase()).isEqualTo(JobPhase.Running);
        Condition condition = Conditions.of(refused, "SpecChangeRefused");
        assertThat(condition.getReason()).isEqualTo("InvalidHyperParameters");
        assertThat(condition.getMessage())
                .contains("spec.hyperParameters.lrSchedulerStep")
                .contains("6,2");
        assertThat(condition.getObservedGeneration()).isEqualTo(2L);
        assertThat(Conditions.of(refused, "Running").getStatus()).isEqualTo("True");
        assertThat(refused.getStatus().getConditions())
                .noneMatch(c -> c.getType().equals("Failed"));
        awaitEvent("editbad", "InvalidHyperParameters", "spec.hyperParameters.lrSchedulerStep");
        assertThat(get(Job.class, "editbad").getMetadata().getUid())
                .isEqualTo(before.getMetadata().getUid());
        assertThat(get(ConfigMap.class, "editbad-config").getData().get("hyperparameters.json"))
                .isEqualTo(hyperParameters);
        assertThat(client.pods()
                        .inNamespace(Jobs.NAMESPACE)
                        .withLabel(ObjectNames.JOB_NAME_LABEL, "editbad")
                        .list()
                        .getItems())
                .hasSize(1);

        edit("editbad", j -> j.getSpec().getHyperParameters().setLrSchedulerStep(null));
        ImageClassificationJob reverted = awaitStatus(
                "editbad",
                j -> "False".equals(Conditions.of(j, "SpecChangeRefused").getStatus()));
        assertThat(Conditions.of(reverted, "SpecChangeRefused").getReason()).isEqualTo("SpecApplied");
        assertThat(reverted.getStatus().getPhase()).isEqualTo(JobPhase.Running);
    }

    @Test
    void aReconcileThatKeepsFailingShowsItsErrorInTheStatus() {
        // The operator may not create Secrets in this namespace (an RBAC mistake): every reconcile throws.
        String namespace = "forbidden";
        String refusal = "secrets is forbidden: User \"system:serviceaccount:fovea:fovea-operator\" cannot create "
                + "resource \"secrets\" in API group \"\" in the namespace \"" + namespace + "\"";
        refuseSecrets(namespace, refusal).always();

        ImageClassificationJob failing = createIn(namespace, "stuck", j -> isTrue(j, "ReconcileError"));
        Condition condition = Conditions.of(failing, "ReconcileError");
        assertThat(condition.getReason()).isEqualTo("ReconcileFailed");
        assertThat(condition.getMessage())
                .isEqualTo("Reconciling the job failed: token: the API server answered 403: " + refusal
                        + "; the operator retries");
        await().atMost(WAIT)
                .until(() -> client.v1().events().inNamespace(namespace).list().getItems().stream()
                        .anyMatch(e -> "stuck".equals(e.getInvolvedObject().getName())
                                && "ReconcileFailed".equals(e.getReason())
                                && e.getMessage().contains(refusal)));
        client.resource(failing).delete();
    }

    @Test
    void theReconcileErrorIsSettledOnceAReconcileGoesThrough() {
        String namespace = "flaky";
        refuseSecrets(namespace, "secrets is forbidden until the RoleBinding is applied")
                .times(3);

        ImageClassificationJob recovered = createIn(
                namespace,
                "recovers",
                j -> j.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("ReconcileError")
                                && c.getStatus().equals("False")));
        assertThat(Conditions.of(recovered, "ReconcileError").getReason()).isEqualTo("Reconciled");
        assertThat(recovered.getStatus().getPhase()).isEqualTo(JobPhase.Created);
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ReconcileFailed"));
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace)
                        .withName("recovers")
                        .get())
                .isNotNull();
    }

    @Test
    void anErrorAfterTheStatusWasWrittenKeepsThatStatus() {
        // The job Succeeds and, with ttlSecondsAfterFinished 0, is deleted in the same reconcile; the delete fails.
        String namespace = "undeletable";
        server.expect()
                .delete()
                .withPath("/apis/fovea.dev/v1alpha1/namespaces/" + namespace + "/imageclassificationjobs/kept")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("imageclassificationjobs is forbidden: cannot delete")
                                .build())
                .always();
        ImageClassificationJob job = Jobs.valid("kept", 1);
        job.getSpec().setTtlSecondsAfterFinished(0);
        job.getMetadata().setNamespace(namespace);
        create(job);
        GangSimulator ownGang = new GangSimulator(client, namespace);
        await().atMost(WAIT)
                .until(() -> client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(namespace)
                                .withName("kept")
                                .get()
                        != null);
        ownGang.startPods("kept", 1, 0);
        ownGang.terminate("kept", 0, 0, 0, "");

        ImageClassificationJob failing = await().atMost(WAIT)
                .until(
                        () -> client.resources(ImageClassificationJob.class)
                                .inNamespace(namespace)
                                .withName("kept")
                                .get(),
                        j -> j.getStatus() != null && isTrue(j, "ReconcileError"));
        assertThat(failing.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(Conditions.of(failing, "ReconcileError").getMessage()).contains("403");
        assertThat(Conditions.of(failing, "Succeeded").getStatus()).isEqualTo("True");
    }

    /** The mock API server answers the operator's Secret creations in {@code namespace} with 403 Forbidden. */
    private Timesable<Void> refuseSecrets(String namespace, String message) {
        return server.expect()
                .post()
                .withPath("/api/v1/namespaces/" + namespace + "/secrets")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage(message)
                                .build());
    }

    /** Creates a one-host job in {@code namespace} and waits until its status satisfies {@code ready}. */
    private ImageClassificationJob createIn(String namespace, String name, Predicate<ImageClassificationJob> ready) {
        ImageClassificationJob job = Jobs.valid(name, 1);
        job.getMetadata().setNamespace(namespace);
        create(job);
        return await().atMost(WAIT)
                .until(
                        () -> client.resources(ImageClassificationJob.class)
                                .inNamespace(namespace)
                                .withName(name)
                                .get(),
                        j -> j != null && j.getStatus() != null && ready.test(j));
    }

    @Test
    void suspendSuspendsTheBatchJobWithoutARestartAndResumeUnsuspendsIt() {
        create(Jobs.valid("pause", 1));
        awaitJob("pause");
        gang.startTrackedPods("pause", 1, 0);
        awaitStatus("pause", j -> j.getStatus().getPhase() == JobPhase.Running);
        edit("pause", j -> j.getSpec().setSuspend(true));
        awaitStatus("pause", j -> j.getStatus().getPhase() == JobPhase.Suspended);
        await().atMost(WAIT)
                .until(() ->
                        Boolean.TRUE.equals(get(Job.class, "pause").getSpec().getSuspend()));
        assertThat(client.pods()
                        .inNamespace(Jobs.NAMESPACE)
                        .withLabel(ObjectNames.JOB_NAME_LABEL, "pause")
                        .list()
                        .getItems())
                .as("the operator leaves the pods to the Job controller, which counts no failure for a suspension")
                .hasSize(1);
        gang.stopForSuspension("pause", 1, 0);
        ImageClassificationJob suspended = awaitStatus(
                "pause",
                j -> client.pods()
                        .inNamespace(Jobs.NAMESPACE)
                        .withLabel(ObjectNames.JOB_NAME_LABEL, "pause")
                        .list()
                        .getItems()
                        .isEmpty());
        assertThat(suspended.getStatus().getPhase()).isEqualTo(JobPhase.Suspended);
        assertThat(suspended.getStatus().getRestarts()).isZero();
        edit("pause", j -> j.getSpec().setSuspend(false));
        await().atMost(WAIT)
                .until(() ->
                        Boolean.FALSE.equals(get(Job.class, "pause").getSpec().getSuspend()));
        gang.startPods("pause", 1, 0);
        awaitStatus("pause", j -> j.getStatus().getPhase() == JobPhase.Running);
        assertThat(get(ImageClassificationJob.class, "pause").getStatus().getRestarts())
                .isZero();
    }

    @Test
    void deadlineStopsTheGang() {
        ImageClassificationJob job = Jobs.valid("deadline", 1);
        job.getSpec().setStoppingCondition(new dev.fovea.api.spec.StoppingCondition(1L));
        create(job);
        awaitJob("deadline");
        gang.startPods("deadline", 1, 0);
        ImageClassificationJob failed =
                awaitStatus("deadline", j -> j.getStatus().getPhase() == JobPhase.Failed);
        assertThat(Conditions.of(failed, "Failed").getReason()).isEqualTo("DeadlineExceeded");
        await().atMost(WAIT)
                .until(() -> client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(Jobs.NAMESPACE)
                                .withName("deadline")
                                .get()
                        == null);
    }

    @Test
    void ttlDeletesTheFinishedJob() {
        ImageClassificationJob job = Jobs.valid("ttl", 1);
        job.getSpec().setTtlSecondsAfterFinished(1);
        create(job);
        awaitJob("ttl");
        gang.startPods("ttl", 1, 0);
        gang.terminate("ttl", 0, 0, 0, "");
        await().atMost(WAIT)
                .until(() -> client.resources(ImageClassificationJob.class)
                                .inNamespace(Jobs.NAMESPACE)
                                .withName("ttl")
                                .get()
                        == null);
    }

    @Test
    void specChangeToARunningJobIsRefusedAndTheGangKept() {
        create(Jobs.valid("change", 1));
        Job before = awaitJob("change");
        gang.startPods("change", 1, 0);
        awaitStatus("change", j -> j.getStatus().getPhase() == JobPhase.Running);
        String hyperParameters = get(ConfigMap.class, "change-config").getData().get("hyperparameters.json");
        edit("change", j -> j.getSpec().getHyperParameters().setLearningRate(0.5));
        ImageClassificationJob refused = awaitStatus(
                "change",
                j -> j.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("SpecChangeRefused")
                                && c.getStatus().equals("True")));
        assertThat(Conditions.of(refused, "SpecChangeRefused").getMessage()).contains("spec.hyperParameters");
        assertThat(refused.getStatus().getPhase()).isEqualTo(JobPhase.Running);
        assertThat(get(ConfigMap.class, "change-config").getData().get("hyperparameters.json"))
                .isEqualTo(hyperParameters);
        assertThat(get(Job.class, "change").getMetadata().getUid())
                .isEqualTo(before.getMetadata().getUid());
    }

    @Test
    void conflictOnTheStatusWriteIsRetriedOnAFreshCopy() {
        AtomicInteger conflicts = new AtomicInteger();
        server.expect()
                .put()
                .withPath("/apis/fovea.dev/v1alpha1/namespaces/test/imageclassificationjobs/conflict/status")
                .andReply(409, request -> {
                    conflicts.incrementAndGet();
                    return new StatusBuilder()
                            .withCode(409)
                            .withReason("Conflict")
                            .withMessage(
                                    "the object has been modified; please apply your changes to the latest version")
                            .build();
                })
                .times(2);
        create(Jobs.valid("conflict", 1));
        awaitJob("conflict");
        // Someone else writes the job meanwhile, too.
        edit("conflict", j -> j.getMetadata().setLabels(java.util.Map.of("team", "vision")));
        gang.startPods("conflict", 1, 0);
        ImageClassificationJob running =
                awaitStatus("conflict", j -> j.getStatus().getPhase() == JobPhase.Running);
        assertThat(conflicts).hasValue(2);
        assertThat(running.getStatus().getObservedGeneration())
                .isEqualTo(running.getMetadata().getGeneration());
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(Jobs.NAMESPACE)
                        .withLabel(ObjectNames.JOB_NAME_LABEL, "conflict")
                        .list()
                        .getItems())
                .hasSize(1);
    }

    private void create(ImageClassificationJob job) {
        client.resource(job).create();
    }

    private void edit(String name, java.util.function.Consumer<ImageClassificationJob> change) {
        client.resources(ImageClassificationJob.class)
                .inNamespace(Jobs.NAMESPACE)
                .withName(name)
                .edit(j -> {
                    change.accept(j);
                    return j;
                });
    }

    private <T extends HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type).inNamespace(Jobs.NAMESPACE).withName(name).get();
    }

    private Job awaitJob(String name) {
        return await().atMost(WAIT).until(() -> get(Job.class, name), java.util.Objects::nonNull);
    }

    private ImageClassificationJob awaitStatus(String name, Predicate<ImageClassificationJob> ready) {
        return await().atMost(WAIT)
                .until(
                        () -> get(ImageClassificationJob.class, name),
                        j -> j != null && j.getStatus() != null && j.getStatus().getPhase() != null && ready.test(j));
    }

    private void awaitEvent(String job, String reason) {
        awaitEvent(job, reason, "");
    }

    private void awaitEvent(String job, String reason, String saying) {
        await().atMost(WAIT)
                .until(() -> client.v1().events().inNamespace(Jobs.NAMESPACE).list().getItems().stream()
                        .anyMatch(e -> job.equals(e.getInvolvedObject().getName())
                                && reason.equals(e.getReason())
                                && e.getMessage().contains(saying)));
    }

    private long jobsIn(JobPhase phase) {
        return client.resources(ImageClassificationJob.class).inAnyNamespace().list().getItems().stream()
                .filter(j -> j.getStatus() != null && j.getStatus().getPhase() == phase)
                .count();
    }

    private double failedJobs(String reason) {
        var counter = registry.find("fovea.jobs.failed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static boolean isTrue(ImageClassificationJob job, String type) {
        return job.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals(type) && c.getStatus().equals("True"));
    }
}
