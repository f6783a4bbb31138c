package dev.fovea.e2e.scenario;

import static dev.fovea.e2e.scenario.ScenarioJobs.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fovea.api.ImageClassificationEndpoint;
import dev.fovea.api.ImageClassificationJob;
import dev.fovea.api.spec.KvStore;
import dev.fovea.api.spec.ModelSource;
import dev.fovea.api.spec.PersistentVolumeClaimSource;
import dev.fovea.api.status.JobPhase;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The end-to-end scenarios, the same on this machine and on a real cluster: apply the MNIST manifest (or a variant)
 * and watch the job through the API. They run one after another, because every trainer shares the machine's
 * cores, each on a fresh cluster. Subclasses start the cluster in a {@code @BeforeEach} that calls {@link #use}.
 * Every wait is on the job's progress — a phase, a checkpoint, its pods — and gives up only when the job stops
 * making any ({@link ProgressWatch}), so a busy machine makes a scenario slower, never red.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class E2eScenarios {

    private static final String ENDPOINT = "mnist-endpoint";
    /** The held-out digit a well-trained model classifies as labelled (7), in the job's test and the endpoint's. */
    private static final String CHECKED_DIGIT = "7-6609.png";

    private static final List<String> HELD_OUT_DIGITS = List.of(CHECKED_DIGIT, "0-5806.png", "3-9925.png");

    private ScenarioCluster cluster;
    private Path heldOut;
    private ScenarioJobs jobs;
    private Double syncAccuracy;

    protected void use(ScenarioCluster scenarioCluster, Path mnistManifest) {
        this.cluster = scenarioCluster;
        this.jobs = new ScenarioJobs(scenarioCluster.client(), mnistManifest);
        this.heldOut = mnistManifest.resolveSibling("volumes/mnist-data/heldout");
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Test
    @Order(1)
    void anInvalidHyperParameterIsRejectedWithTheFieldNamedAndNoPods() {
        String rejection = jobs.createOrRejection(
                "bad-layers", job -> job.getSpec().getHyperParameters().setNumLayers(19));

        assertThat(rejection).contains("numLayers").contains("19");
        assertThat(pods("bad-layers")).isEmpty();
        assertThat(cluster.client()
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(NAMESPACE)
                        .withName("bad-layers")
                        .get())
                .isNull();
    }

    @Test
    @Order(2)
    void mnistOnTwoHostsInSyncSucceedsWithTheAccuracyTheTrainersLoggedAndAnEndpointServesIt() throws Exception {
        jobs.create("mnist", job -> {});

        ImageClassificationJob job = jobs.awaitPhase("mnist", JobPhase.Succeeded);

        double logged = ScenarioJobs.lastValidationAccuracy(
                        cluster.trainerLogs(NAMESPACE, "mnist", 0).getLast())
                .orElseThrow();
        assertThat(job.getStatus().getValidationAccuracy()).isCloseTo(logged, within(1e-6));
        assertThat(job.getStatus().getValidationAccuracy()).isGreaterThanOrEqualTo(0.98);
        assertThat(job.getStatus().getEpoch()).isEqualTo(job.getStatus().getTotalEpochs());
        assertThat(job.getStatus().getRestarts()).isZero();
        assertThat(cluster.hasModel(NAMESPACE, "mnist")).isTrue();
        cluster.predict(NAMESPACE, "mnist", CHECKED_DIGIT)
                .ifPresent(digit -> assertThat(digit).isEqualTo(7));
        syncAccuracy = job.getStatus().getValidationAccuracy();

        servedByAnEndpoint("mnist", job);
    }

    /**
     * Issue 16's acceptance scenario, on the job just trained: an endpoint from the job becomes Ready and, through its
     * Service, classifies held-out digits as labelled; pointing it at another model source rolls its Deployment to a
     * new pod, which then serves.
     */
    private void servedByAnEndpoint(String jobName, ImageClassificationJob job) throws Exception {
        ScenarioEndpoints endpoints = new ScenarioEndpoints(cluster.client());
        endpoints.create(ENDPOINT, ModelSource.fromJob(jobName));
        ImageClassificationEndpoint ready = endpoints.awaitReady(ENDPOINT, 1, "serving " + jobName, endpoint -> true);

        assertThat(ready.getStatus().getModel().getJobName()).isEqualTo(jobName);
        assertThat(ready.getStatus().getModel().getValidationAccuracy())
                .isEqualTo(job.getStatus().getValidationAccuracy());
        assertThat(ready.getStatus().getUrl()).isNotBlank();
        assertClassifiesHeldOutDigits(ready, jobName);
        List<String> firstPods = endpoints.pods(ENDPOINT).stream()
                .map(pod -> pod.getMetadata().getName())
                .toList();
        assertThat(firstPods).hasSize(1);

        endpoints.changeModel(
                ENDPOINT, claim(new PersistentVolumeClaimSource(ScenarioJobs.WORK_CLAIM, jobName + "/model")));
        ImageClassificationEndpoint rolled = endpoints.awaitReady(
                ENDPOINT,
                1,
                "the claim's model rolled out and the job's pod gone",
                endpoint -> endpoint.getStatus().getModel() != null
                        && endpoint.getStatus().getModel().getJobName() == null
                        && endpoints.pods(ENDPOINT).stream()
                                .map(pod -> pod.getMetadata().getName())
                                .noneMatch(firstPods::contains));

        assertThat(rolled.getStatus().getModel().getJobName()).isNull();
        assertThat(rolled.getStatus().getModel().getUri()).contains(ScenarioJobs.WORK_CLAIM, jobName + "/model");
        assertThat(rolled.getStatus().getConditions())
                .as("the new model is shown as served once the Deployment has rolled out to it")
                .anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("ModelResolved");
                    assertThat(c.getMessage())
                            .isEqualTo(
                                    "Serving " + rolled.getStatus().getModel().getUri());
                })
                .anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Ready");
                    assertThat(c.getReason()).isEqualTo("ReplicasReady");
                });
        assertThat(endpoints.pods(ENDPOINT)).hasSize(1);
        assertClassifiesHeldOutDigits(rolled, jobName);
    }

    /**
     * Through the endpoint's Service: 10 probabilities summing to 1 per held-out digit, the likeliest class the one
     * {@code fovea predict} gives with the job's model on this machine, and for the 7 that the job's test checks, 7.
     */
    private void assertClassifiesHeldOutDigits(ImageClassificationEndpoint endpoint, String jobName) throws Exception {
        Optional<URI> service = cluster.route(endpoint.getStatus().getUrl());
        if (service.isEmpty()) {
            return; // a real cluster's Service is out of this machine's reach
        }
        for (String digit : HELD_OUT_DIGITS) {
            double[] probabilities = Invocations.probabilities(service.get(), heldOut.resolve(digit));
            assertThat(probabilities).hasSize(10);
            assertThat(Arrays.stream(probabilities).sum()).isCloseTo(1.0, within(1e-4));
            int served = Invocations.predictedClass(probabilities);
            if (digit.equals(CHECKED_DIGIT)) {
                assertThat(served).as("the class served for %s", digit).isEqualTo(7);
            }
            OptionalInt predicted = cluster.predict(NAMESPACE, jobName, digit);
            if (predicted.isPresent()) {
                assertThat(served)
                        .as("the class served for %s, as fovea predict gives it", digit)
                        .isEqualTo(predicted.getAsInt());
            }
        }
    }

    @Test
    @Order(3)
    void aKilledTrainerRestartsTheGangFromItsCheckpoint() {
        jobs.create("mnist-crash", job -> {});
        jobs.await("mnist-crash", "a checkpoint", () -> cluster.hasCheckpoint(NAMESPACE, "mnist-crash"));

        cluster.crashTrainer(NAMESPACE, "mnist-crash", 1);
        // the Restarting phase can pass between two polls on a quiet machine; the restart count stays
        jobs.await(
                "mnist-crash",
                "a gang restart",
                () -> restarts("mnist-crash") > 0
                        || jobs.phase("mnist-crash")
                                .filter(JobPhase::isFinished)
                                .isPresent());
        ImageClassificationJob job = jobs.awaitPhase("mnist-crash", JobPhase.Succeeded);

        assertThat(job.getStatus().getRestarts()).isEqualTo(1);
        assertResumedFromACheckpoint(cluster.trainerLogs(NAMESPACE, "mnist-crash", 0));
        if (syncAccuracy != null) {
            assertThat(job.getStatus().getValidationAccuracy()).isCloseTo(syncAccuracy, within(0.01));
        }
    }

    @Test
    @Order(4)
    void distAsyncOnTwoHostsLearnsAsWellAsSync() {
        jobs.create("mnist-async", job -> job.getSpec().getHyperParameters().setKvStore(KvStore.DIST_ASYNC));

        ImageClassificationJob job = jobs.awaitPhase("mnist-async", JobPhase.Succeeded);

        assertThat(job.getStatus().getEpoch()).isEqualTo(job.getStatus().getTotalEpochs());
        assertThat(job.getStatus().getRestarts()).isZero();
        // The example's recipe (SGD momentum 0.9, lr 0.1): measured 0.974, 0.978 and 0.982 against dist_sync's
        // 0.984; before shard servers took lr/N per push it stayed at 0.10. The one-point comparison with dist_sync
        // is DistAsyncMnistTest's; asynchrony's run-to-run spread would make it flaky here.
        System.out.printf(
                "MNIST validation accuracy: dist_sync %s, dist_async %s%n",
                syncAccuracy, job.getStatus().getValidationAccuracy());
        assertThat(job.getStatus().getValidationAccuracy()).isGreaterThanOrEqualTo(0.96);
        assertThat(cluster.hasModel(NAMESPACE, "mnist-async")).isTrue();
    }

    @Test
    @Order(5)
    void anOperatorRestartMidJobDuplicatesNoPodAndTheJobStillSucceeds() {
        jobs.create("mnist-operator-restart", job -> ScenarioJobs.shorten(job, 1));
        jobs.awaitPhase("mnist-operator-restart", JobPhase.Running);
        List<String> podsBefore = podIds("mnist-operator-restart");

        cluster.restartOperator();
        jobs.awaitPhase("mnist-operator-restart", JobPhase.Succeeded);

        assertThat(podsBefore).hasSize(2);
        assertThat(podIds("mnist-operator-restart")).containsExactlyInAnyOrderElementsOf(podsBefore);
        assertThat(jobs.get("mnist-operator-restart").getStatus().getRestarts()).isZero();
    }

    @Test
    @Order(6)
    void aSuspendedJobResumesFromItsCheckpoint() {
        // enough epochs that the suspension lands mid-run, well before the last one
        jobs.create("mnist-suspend", job -> ScenarioJobs.shorten(job, 8));
        jobs.await("mnist-suspend", "a checkpoint", () -> cluster.hasCheckpoint(NAMESPACE, "mnist-suspend"));

        jobs.patchSuspend("mnist-suspend", true);
        jobs.awaitPhase("mnist-suspend", JobPhase.Suspended);
        jobs.await(
                "mnist-suspend",
                "its pods gone",
                () -> podNames("mnist-suspend").isEmpty());
        jobs.patchSuspend("mnist-suspend", false);
        ImageClassificationJob job = jobs.awaitPhase("mnist-suspend", JobPhase.Succeeded);

        assertThat(job.getStatus().getRestarts()).isZero();
        assertThat(cluster.trainerLogs(NAMESPACE, "mnist-suspend", 0))
                .as("the trainers of the first run were stopped, and new ones started on resumption")
                .hasSizeGreaterThanOrEqualTo(2);
        assertResumedFromACheckpoint(cluster.trainerLogs(NAMESPACE, "mnist-suspend", 0));
    }

    @Test
    @Order(7)
    void aKueuePreemptionSuspendsTheGangAndReadmissionResumesItWithoutARestart() {
        KueueStandIn kueue = new KueueStandIn(cluster.client(), NAMESPACE);
        jobs.create("mnist-kueue", job -> {
            ScenarioJobs.shorten(job, 6);
            KueueStandIn.queue(job);
        });
        jobs.awaitPhase("mnist-kueue", JobPhase.Suspended);
        assertThat(jobs.phaseReason("mnist-kueue")).hasValue("WaitingForAdmission");
        String batchJob = kueue.batchJob("mnist-kueue").getMetadata().getUid();

        kueue.admit("mnist-kueue");
        jobs.await("mnist-kueue", "a checkpoint", () -> cluster.hasCheckpoint(NAMESPACE, "mnist-kueue"));
        kueue.preempt("mnist-kueue"); // mid-run: the gang is training the epoch after its first checkpoint
        jobs.await(
                "mnist-kueue",
                "Suspended by Kueue with its pods gone",
                () -> jobs.phaseReason("mnist-kueue")
                                .filter("SuspendedByKueue"::equals)
                                .isPresent()
                        && podNames("mnist-kueue").isEmpty());
        assertThat(jobs.get("mnist-kueue").getStatus().getRestarts()).isZero();

        kueue.admit("mnist-kueue");
        ImageClassificationJob job = jobs.awaitPhase("mnist-kueue", JobPhase.Succeeded);

        assertThat(job.getStatus().getRestarts())
                .as("a preemption is no restart")
                .isZero();
        assertThat(kueue.batchJob("mnist-kueue").getMetadata().getUid())
                .as("the batch Job, and so Kueue's Workload, survived the preemption")
                .isEqualTo(batchJob);
        assertResumedFromACheckpoint(cluster.trainerLogs(NAMESPACE, "mnist-kueue", 0));
    }

    private static ModelSource claim(PersistentVolumeClaimSource claim) {
        ModelSource source = new ModelSource();
        source.setPersistentVolumeClaim(claim);
        return source;
    }

    private List<String> podNames(String job) {
        return pods(job).stream().map(pod -> pod.getMetadata().getName()).toList();
    }

    /** Name and uid of each of the job's pods: a pod deleted and made again under the same name counts as new. */
    private List<String> podIds(String job) {
        return pods(job).stream()
                .map(pod ->
                        pod.getMetadata().getName() + "/" + pod.getMetadata().getUid())
                .toList();
    }

    private List<Pod> pods(String job) {
        return cluster.client()
                .pods()
                .inNamespace(NAMESPACE)
                .withLabel("fovea.dev/job-name", job)
                .list()
                .getItems();
    }

    /** The newest attempt started after epoch 0: it resumed from a checkpoint instead of starting over. */
    private static void assertResumedFromACheckpoint(List<String> attempts) {
        assertThat(attempts).isNotEmpty();
        List<Integer> resumed = ScenarioJobs.trainedEpochs(attempts.getLast());
        assertThat(resumed).isNotEmpty();
        assertThat(resumed.getFirst()).isGreaterThan(0);
    }

    private int restarts(String name) {
        ImageClassificationJob job = jobs.get(name);
        return job == null || job.getStatus() == null || job.getStatus().getRestarts() == null
                ? 0
                : job.getStatus().getRestarts();
    }
}
