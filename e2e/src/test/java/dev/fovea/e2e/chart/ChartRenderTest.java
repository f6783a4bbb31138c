package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.fovea.api.ObjectNames;
import dev.fovea.api.contract.Ports;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code helm lint --strict} and {@code helm template} for the three value sets, every object schema-checked. */
class ChartRenderTest {

    static final String WATCH_NAMESPACES_ENV = "QUARKUS_OPERATOR_SDK_CONTROLLERS_IMAGECLASSIFICATIONJOB_NAMESPACES";
    /** The operator's ClusterRole (the chart's others are the aggregated user roles). */
    private static final String OPERATOR = "fovea-operator";

    private final ChartRenderer renderer = new ChartRenderer();

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void lintsStrictlyWithoutFindings(ValueSet values, @TempDir Path chartCopy) throws IOException {
        LintResult result = ChartRenderer.lintStrict(values, chartCopy);

        assertThat(result.isFailed())
                .as("helm lint --strict: %s", result.getMessages())
                .isFalse();
    }

    @Test
    void lintFailsOnABrokenChart(@TempDir Path chartCopy) throws IOException {
        Path copy = ChartCopy.withValues(ValueSet.DEFAULTS, chartCopy);
        Files.writeString(copy.resolve("templates/broken.yaml"), "{{ .Values.operator.replicas | nosuchfunction }}\n");

        assertThat(new Helm(copy).lint().strict().call().isFailed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void everyRenderedObjectMatchesTheKubernetesSchema(ValueSet values) {
        List<Map<String, Object>> documents = renderer.render(values);
        KubernetesSchemaValidator validator = new KubernetesSchemaValidator();

        List<String> violations = documents.stream()
                .flatMap(d -> validator.violations(d).stream())
                .toList();

        assertThat(documents).isNotEmpty();
        assertThat(violations).isEmpty();
    }

    @Test
    void installsAValidCrdFromTheChartsCrdsFolder() {
        List<Map<String, Object>> crds = renderer.crds();
        KubernetesSchemaValidator validator = new KubernetesSchemaValidator();
        RenderedObjects objects = RenderedObjects.of(crds);

        assertThat(crds.stream().flatMap(d -> validator.violations(d).stream())).isEmpty();
        assertThat(objects.find(CustomResourceDefinition.class, null, "imageclassificationjobs.fovea.dev")
                        .orElseThrow()
                        .getSpec()
                        .getNames()
                        .getShortNames())
                .contains("icj");
        assertThat(objects.find(CustomResourceDefinition.class, null, "imageclassificationendpoints.fovea.dev")
                        .orElseThrow()
                        .getSpec()
                        .getNames()
                        .getShortNames())
                .contains("ice");
    }

    @Test
    void defaultsHardenTheOperatorPodAndWatchEveryNamespace() {
        RenderedObjects objects = RenderedObjects.of(renderer.render(ValueSet.DEFAULTS));
        Deployment deployment = objects.only(Deployment.class);
        Container operator =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(operator.getImage()).isEqualTo("ghcr.io/fovea-dev/fovea-operator:0.1.0");
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getSecurityContext()
                        .getRunAsNonRoot())
                .isTrue();
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(env(operator))
                .doesNotContainKey(WATCH_NAMESPACES_ENV)
                .containsEntry("FOVEA_OPERATOR_TRAINER_IMAGE", "ghcr.io/fovea-dev/fovea-trainer:0.1.0");
        assertThat(objects.find(ClusterRole.class, null, OPERATOR)).isPresent();
        assertThat(objects.all(PodDisruptionBudget.class)).isEmpty();
        assertThat(objects.all(ServiceMonitor.class)).isEmpty();
        assertThat(objects.all(PodMonitor.class)).isEmpty();
    }

    @Test
    void operatorRulesNeverUseWildcards() {
        ClusterRole role = RenderedObjects.of(renderer.render(ValueSet.DEFAULTS))
                .find(ClusterRole.class, null, OPERATOR)
                .orElseThrow();

        assertThat(role.getRules()).allSatisfy(rule -> {
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        });
        assertThat(verbsOn(role.getRules(), "batch", "jobs")).contains("create", "delete", "watch");
        assertThat(verbsOn(role.getRules(), "fovea.dev", "imageclassificationjobs/status"))
                .containsExactly("update");
        assertThat(verbsOn(role.getRules(), "scheduling.volcano.sh", "podgroups"))
                .isEmpty();
    }

    @Test
    void namespacedValuesScopeRbacAndEnableMonitoring() {
        RenderedObjects objects = RenderedObjects.of(renderer.render(ValueSet.NAMESPACED_WITH_MONITORING));
        Container operator = objects.only(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst();

        assertThat(objects.find(ClusterRole.class, null, OPERATOR)).isEmpty();
        assertThat(objects.find(Role.class, "team-vision", "fovea-operator")).isPresent();
        assertThat(objects.find(Role.class, "team-research", "fovea-operator")).isPresent();
        assertThat(verbsOn(
                        objects.find(Role.class, "team-vision", "fovea-operator")
                                .orElseThrow()
                                .getRules(),
                        "scheduling.volcano.sh",
                        "podgroups"))
                .contains("create");
        assertThat(objects.find(RoleBinding.class, "team-research", "fovea-operator")
                        .orElseThrow()
                        .getSubjects()
                        .getFirst()
                        .getNamespace())
                .isEqualTo(ChartRenderer.NAMESPACE);
        assertThat(env(operator)).containsEntry(WATCH_NAMESPACES_ENV, "team-vision,team-research");
        assertThat(objects.all(ServiceAccount.class).stream()
                        .filter(sa -> "fovea-trainer".equals(sa.getMetadata().getName()))
                        .map(sa -> sa.getMetadata().getNamespace()))
                .containsExactlyInAnyOrder(ChartRenderer.NAMESPACE, "team-vision", "team-research");

        PodMonitor podMonitor = objects.only(PodMonitor.class);
        PodMetricsEndpoint trainers =
                podMonitor.getSpec().getPodMetricsEndpoints().getFirst();
        assertThat(podMonitor.getSpec().getSelector().getMatchLabels())
                .containsExactlyEntriesOf(Map.of(ObjectNames.MANAGED_BY_LABEL, ObjectNames.MANAGED_BY_VALUE));
        assertThat(podMonitor.getSpec().getNamespaceSelector().getMatchNames())
                .containsExactly("team-vision", "team-research");
        assertThat(trainers.getTargetPort().getIntVal()).isEqualTo(Ports.OBSERVE);
        assertThat(trainers.getPath()).isEqualTo(Ports.METRICS_PATH);
        assertThat(trainers.getRelabelings()).anySatisfy(relabel -> {
            assertThat(relabel.getSourceLabels()).containsExactly(podLabelMeta(ObjectNames.JOB_NAME_LABEL));
            assertThat(relabel.getTargetLabel()).isEqualTo("fovea_job");
        });
        assertThat(objects.only(ServiceMonitor.class)
                        .getSpec()
                        .getEndpoints()
                        .getFirst()
                        .getPath())
                .isEqualTo("/q/metrics");
    }

    @Test
    void twoReplicasGetADisruptionBudgetAndCustomImages() {
        RenderedObjects objects = RenderedObjects.of(renderer.render(ValueSet.HIGH_AVAILABILITY_CUSTOM_IMAGES));
        Deployment deployment = objects.only(Deployment.class);
        Container operator =
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        PodDisruptionBudget budget = objects.only(PodDisruptionBudget.class);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(operator.getImage()).isEqualTo("registry.example.com/ml/fovea-operator:0.1.0-rc1");
        assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getImagePullSecrets()
                        .getFirst()
                        .getName())
                .isEqualTo("registry-example");
        assertThat(env(operator))
                .containsEntry("FOVEA_OPERATOR_TRAINER_IMAGE", "registry.example.com/ml/fovea-trainer:0.1.0-rc1")
                .containsEntry("FOVEA_OPERATOR_TRAINER_IMAGE_PULL_SECRETS", "registry-example,vision-registry");
        assertThat(objects.find(ServiceAccount.class, ChartRenderer.NAMESPACE, "vision-trainer")
                        .orElseThrow()
                        .getAutomountServiceAccountToken())
                .isFalse();
    }

    @Test
    void theBuiltInEditAndViewRolesMayUseJobs() {
        RenderedObjects objects = RenderedObjects.of(renderer.render(ValueSet.DEFAULTS));
        ClusterRole edit = objects.find(ClusterRole.class, null, "fovea-edit").orElseThrow();
        ClusterRole view = objects.find(ClusterRole.class, null, "fovea-view").orElseThrow();

        assertThat(edit.getMetadata().getLabels())
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
        assertThat(verbsOn(edit.getRules(), "fovea.dev", "imageclassificationjobs"))
                .contains("create", "update", "patch", "delete", "watch");
        assertThat(view.getMetadata().getLabels()).containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
        assertThat(view.getRules())
                .allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
        assertThat(verbsOn(view.getRules(), "fovea.dev", "imageclassificationjobs/status"))
                .contains("get");
    }

    @Test
    void aTypoInTheValuesFailsTemplateAndLint(@TempDir Path chartCopy) throws Exception {
        Path typo = Path.of(getClass().getResource("/chart/values-typo.yaml").toURI());

        assertThatThrownBy(() -> new Helm(RepositoryPaths.chart())
                        .template()
                        .withName(ChartRenderer.RELEASE)
                        .withKubeVersion(ChartRenderer.KUBE_VERSION)
                        .withValuesFile(typo)
                        .call())
                .hasMessageContaining("watchNamespace");
        LintResult lint = new Helm(ChartCopy.withValues(Optional.of(typo), chartCopy))
                .lint()
                .strict()
                .call();
        assertThat(lint.isFailed()).isTrue();
        assertThat(String.join("\n", lint.getMessages())).contains("watchNamespace");
    }

    @Test
    void thePretrainedCatalogueReachesTheOperatorAsAClaimOrAnS3Prefix() {
        Map<String, String> claim = env(operatorContainer(ValueSet.NAMESPACED_WITH_MONITORING));
        Map<String, String> s3 = env(operatorContainer(ValueSet.HIGH_AVAILABILITY_CUSTOM_IMAGES));

        assertThat(claim)
                .containsEntry("FOVEA_OPERATOR_PRETRAINED_CATALOGUE_CLAIM_NAME", "pretrained")
                .containsEntry("FOVEA_OPERATOR_PRETRAINED_CATALOGUE_PATH", "imagenet")
                .doesNotContainKey("FOVEA_OPERATOR_PRETRAINED_CATALOGUE_S3_URI");
        assertThat(s3)
                .containsEntry("FOVEA_OPERATOR_PRETRAINED_CATALOGUE_S3_URI", "s3://models/imagenet/")
                .containsEntry("FOVEA_OPERATOR_PRETRAINED_CATALOGUE_S3_SECRET_NAME", "catalogue-keys")
                .containsEntry("FOVEA_OPERATOR_PRETRAINED_CATALOGUE_S3_REGION", "eu-west-1")
                .doesNotContainKey("FOVEA_OPERATOR_PRETRAINED_CATALOGUE_CLAIM_NAME");
        assertThat(env(operatorContainer(ValueSet.DEFAULTS)))
                .noneSatisfy((name, value) -> assertThat(name).startsWith("FOVEA_OPERATOR_PRETRAINED_CATALOGUE"));
    }

    @Test
    void aPretrainedCatalogueIsAClaimOrAnS3PrefixNotBoth() throws Exception {
        Path values = Path.of(
                getClass().getResource("/chart/values-two-catalogues.yaml").toURI());

        assertThatThrownBy(() -> new Helm(RepositoryPaths.chart())
                        .template()
                        .withName(ChartRenderer.RELEASE)
                        .withKubeVersion(ChartRenderer.KUBE_VERSION)
                        .withValuesFile(values)
                        .call())
                .hasMessageContaining("pretrainedCatalogue");
    }

    private Container operatorContainer(ValueSet values) {
        return RenderedObjects.of(renderer.render(values))
                .only(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst();
    }

    @Test
    void anExternalServiceAccountMustBeNamed() throws Exception {
        Path values = Path.of(getClass()
                .getResource("/chart/values-external-service-account.yaml")
                .toURI());

        assertThatThrownBy(() -> new Helm(RepositoryPaths.chart())
                        .template()
                        .withName(ChartRenderer.RELEASE)
                        .withKubeVersion(ChartRenderer.KUBE_VERSION)
                        .withValuesFile(values)
                        .call())
                .hasMessageContaining(
                        "operator.serviceAccount.name is required when operator.serviceAccount.create " + "is false");
    }

    /** Prometheus' service-discovery label for a pod label: non-alphanumerics become underscores. */
    private static String podLabelMeta(String podLabel) {
        return "__meta_kubernetes_pod_label_" + podLabel.replaceAll("[^a-zA-Z0-9_]", "_");
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static List<String> verbsOn(List<PolicyRule> rules, String apiGroup, String resource) {
        return rules.stream()
                .filter(r ->
                        r.getApiGroups().contains(apiGroup) && r.getResources().contains(resource))
                .flatMap(r -> r.getVerbs().stream())
                .toList();
    }
}
