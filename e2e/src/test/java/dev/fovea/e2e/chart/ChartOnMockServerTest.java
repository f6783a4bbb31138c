package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.api.ImageClassificationJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Installs the rendered chart (namespaced RBAC, monitors, dashboard) into the Fabric8 mock API server, then applies
 * the example jobs the way a user would, and checks what a cluster would hold afterwards. One server per class: the
 * install is the shared fixture, and only the last test adds objects.
 */
@EnableKubernetesMockClient(crud = true)
class ChartOnMockServerTest {

    private static final String TEAM = "team-vision";

    static KubernetesClient client;

    private static RenderedObjects installed;

    @BeforeAll
    static void installChart() {
        ChartRenderer renderer = new ChartRenderer();
        RenderedObjects.of(renderer.crds())
                .objects()
                .forEach(crd -> client.resource(crd).create());
        installed = RenderedObjects.of(renderer.render(ValueSet.NAMESPACED_WITH_MONITORING));
        installed.objects().forEach(object -> client.resource(object).create());
    }

    @Test
    void theCrdIsInstalledFirst() {
        assertThat(client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(ImageClassificationJob.CRD_NAME)
                        .get())
                .isNotNull();
    }

    @Test
    void theChartsObjectsAreAllStored() {
        for (HasMetadata object : installed.objects()) {
            HasMetadata stored = client.resource(object).get();
            assertThat(stored)
                    .as("%s/%s", object.getKind(), object.getMetadata().getName())
                    .isNotNull();
            assertThat(stored.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "fovea");
        }
    }

    @Test
    void theOperatorMayReconcileJobsInTheWatchedNamespace() {
        Deployment operator = client.apps()
                .deployments()
                .inNamespace(ChartRenderer.NAMESPACE)
                .withName("fovea-operator")
                .get();
        String serviceAccount = operator.getSpec().getTemplate().getSpec().getServiceAccountName();
        RoleBinding binding = client.rbac()
                .roleBindings()
                .inNamespace(TEAM)
                .withName("fovea-operator")
                .get();

        assertThat(client.serviceAccounts()
                        .inNamespace(ChartRenderer.NAMESPACE)
                        .withName(serviceAccount)
                        .get())
                .isNotNull();
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getName()).isEqualTo(serviceAccount);
            assertThat(subject.getNamespace()).isEqualTo(ChartRenderer.NAMESPACE);
        });
        assertThat(client.rbac()
                        .roles()
                        .inNamespace(TEAM)
                        .withName(binding.getRoleRef().getName())
                        .get()
                        .getRules())
                .anySatisfy(rule -> assertThat(rule.getResources()).contains("imageclassificationjobs"));
    }

    @Test
    void exampleJobsAreAcceptedAndFindableTheWaySchedulersLookForThem() {
        ImageClassificationJob kueue = ExampleManifests.load(ExampleManifests.KUEUE);
        ImageClassificationJob volcano = ExampleManifests.load(ExampleManifests.VOLCANO);

        client.resource(kueue).create();
        client.resource(volcano).create();

        List<ImageClassificationJob> queued = client.resources(ImageClassificationJob.class)
                .inNamespace(TEAM)
                .withLabel("kueue.x-k8s.io/queue-name", TEAM)
                .list()
                .getItems();
        assertThat(queued).extracting(job -> job.getMetadata().getName()).containsExactly("caltech256-resnet50");
        assertThat(client.resources(ImageClassificationJob.class)
                        .inNamespace(TEAM)
                        .list()
                        .getItems())
                .hasSize(2);
        ServiceAccount trainer = client.serviceAccounts()
                .inNamespace(TEAM)
                .withName("fovea-trainer")
                .get();
        assertThat(trainer)
                .as("trainer pods of jobs in %s need their ServiceAccount there", TEAM)
                .isNotNull();
        assertThat(trainer.getAutomountServiceAccountToken()).isFalse();
    }
}
