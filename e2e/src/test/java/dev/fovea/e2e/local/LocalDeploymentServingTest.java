package dev.fovea.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fovea.api.contract.Ports;
import dev.fovea.api.status.JobPhase;
import dev.fovea.e2e.scenario.Invocations;
import dev.fovea.e2e.scenario.Repository;
import dev.fovea.e2e.scenario.ScenarioJobs;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The local node agent as the Deployment controller, kubelet and Service of a model server: a plain Deployment of the
 * trainer image's {@code serve} (as docs/serving.md writes one) on the model a short job trained becomes ready, answers
 * through its Service as {@code fovea predict} does, and rolls to a new pod, which answers the same, when its template
 * changes.
 */
class LocalDeploymentServingTest {

    private static final String NAMESPACE = ScenarioJobs.NAMESPACE;
    private static final String JOB = "serving-source";
    private static final String NAME = "mnist-serve";
    private static final Map<String, String> SELECTOR = Map.of("app", NAME);
    private static final List<String> DIGITS = List.of("7-6609.png", "0-5806.png", "2-326.png");
    /** Far beyond a JVM start and a model load on a busy machine; a wait ends as soon as its condition holds. */
    private static final Duration CEILING = Duration.ofMinutes(10);

    @Test
    void aDeploymentServesTheJobsModelThroughItsServiceAndRollsOutATemplateChange() throws Exception {
        Repository repository = Repository.find();
        try (LocalCluster cluster = LocalCluster.start(repository)) {
            KubernetesClient client = cluster.client();
            ScenarioJobs jobs = new ScenarioJobs(client, repository.resolve("examples/mnist.yaml"));
            jobs.create(JOB, job -> ScenarioJobs.shorten(job, 1));
            jobs.awaitPhase(JOB, JobPhase.Succeeded);

            client.apps().deployments().resource(deployment()).create();
            client.services().resource(service()).create();
            Deployment first = awaitDeployment(client, "one ready replica", LocalDeploymentServingTest::rolledOut);
            assertThat(first.getStatus().getAvailableReplicas()).isEqualTo(1);
            Pod firstPod = onlyPod(client);
            assertThat(firstPod.getStatus().getConditions()).anySatisfy(condition -> {
                assertThat(condition.getType()).isEqualTo("Ready");
                assertThat(condition.getStatus()).isEqualTo("True");
            });
            List<double[]> firstAnswers = servedProbabilities(cluster, repository);
            assertThat(Invocations.predictedClass(firstAnswers.getFirst()))
                    .as("the class served for %s, as fovea predict gives it", DIGITS.getFirst())
                    .isEqualTo(
                            cluster.predict(NAMESPACE, JOB, DIGITS.getFirst()).orElseThrow());

            client.apps()
                    .deployments()
                    .inNamespace(NAMESPACE)
                    .withName(NAME)
                    .edit(deployment -> new DeploymentBuilder(deployment)
                            .editSpec()
                            .editTemplate()
                            .editSpec()
                            .editFirstContainer()
                            .addNewEnv()
                            .withName("FOVEA_SERVE_MAX_BATCH_SIZE")
                            .withValue("8")
                            .endEnv()
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build());
            Deployment rolled = awaitDeployment(
                    client,
                    "the new template's pod ready and the old one gone",
                    deployment -> rolledOut(deployment)
                            && client.pods()
                                            .inNamespace(NAMESPACE)
                                            .withName(firstPod.getMetadata().getName())
                                            .get()
                                    == null);
            assertThat(rolled.getStatus().getObservedGeneration())
                    .isGreaterThan(first.getStatus().getObservedGeneration());
            Pod secondPod = onlyPod(client);
            assertThat(secondPod.getMetadata().getLabels().get("pod-template-hash"))
                    .isNotEqualTo(firstPod.getMetadata().getLabels().get("pod-template-hash"));
            List<double[]> secondAnswers = servedProbabilities(cluster, repository);
            for (int k = 0; k < DIGITS.size(); k++) {
                assertThat(secondAnswers.get(k))
                        .as("the new pod serves the same model: the same answer for %s", DIGITS.get(k))
                        .containsExactly(firstAnswers.get(k), within(1e-5));
            }
        }
    }

    /** Each digit's answer through the Service: 10 probabilities summing to 1. */
    private static List<double[]> servedProbabilities(LocalCluster cluster, Repository repository) throws Exception {
        URI service = cluster.serviceAddress(NAMESPACE, NAME).orElseThrow();
        List<double[]> answers = new ArrayList<>();
        for (String digit : DIGITS) {
            Path image =
                    repository.fixtureVolumes().resolve("mnist-data/heldout").resolve(digit);
            double[] probabilities = Invocations.probabilities(service, image);
            assertThat(probabilities).hasSize(10);
            assertThat(Arrays.stream(probabilities).sum()).isCloseTo(1.0, within(1e-4));
            answers.add(probabilities);
        }
        return answers;
    }

    private static boolean rolledOut(Deployment deployment) {
        var status = deployment.getStatus();
        return status != null
                && deployment.getMetadata().getGeneration().equals(status.getObservedGeneration())
                && Integer.valueOf(1).equals(status.getReadyReplicas())
                && Integer.valueOf(1).equals(status.getUpdatedReplicas())
                && Integer.valueOf(1).equals(status.getReplicas());
    }

    private static Deployment awaitDeployment(KubernetesClient client, String what, Predicate<Deployment> reached) {
        try {
            return Awaitility.await(NAME + ": " + what)
                    .atMost(CEILING)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> client.apps()
                                    .deployments()
                                    .inNamespace(NAMESPACE)
                                    .withName(NAME)
                                    .get(),
                            deployment -> deployment != null && reached.test(deployment));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Deployment last = client.apps()
                    .deployments()
                    .inNamespace(NAMESPACE)
                    .withName(NAME)
                    .get();
            throw new AssertionError(e.getMessage() + "; its status: " + (last == null ? null : last.getStatus()), e);
        }
    }

    private static Pod onlyPod(KubernetesClient client) {
        List<Pod> pods =
                client.pods().inNamespace(NAMESPACE).withLabels(SELECTOR).list().getItems();
        assertThat(pods).hasSize(1);
        return pods.getFirst();
    }

    /** The Deployment docs/serving.md shows: the image's {@code serve} on the job's model folder, probed on /ping. */
    private static Deployment deployment() {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(SELECTOR)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(SELECTOR)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("serve")
                .withImage("ghcr.io/fovea-dev/fovea-trainer:0.1.0")
                .withArgs("serve")
                .addNewPort()
                .withName("http")
                .withContainerPort(Ports.INFERENCE)
                .endPort()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath(Ports.PING_PATH)
                .withNewPort("http")
                .endHttpGet()
                .withPeriodSeconds(2)
                .endReadinessProbe()
                .addNewVolumeMount()
                .withName("model")
                .withMountPath("/opt/ml/model")
                .withSubPath(JOB + "/model")
                .withReadOnly(true)
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("model")
                .withNewPersistentVolumeClaim()
                .withClaimName(ScenarioJobs.WORK_CLAIM)
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Service service() {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withSelector(SELECTOR)
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withNewTargetPort("http")
                .endPort()
                .endSpec()
                .build();
    }
}
