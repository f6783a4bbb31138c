package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart configures the operator through names the operator's code defines: the controller name in the watched
 * namespaces setting, the leader-election Lease, and {@code fovea.operator.*} config keys. Read from the operator's
 * sources, so renaming one there without the chart fails here.
 */
class ChartOperatorContractTest {

    private static final String OPERATOR_SOURCES = "operator/src/main/java/dev/fovea/operator/";

    private final RenderedObjects defaults = RenderedObjects.of(new ChartRenderer().render(ValueSet.DEFAULTS));
    private final RenderedObjects namespaced =
            RenderedObjects.of(new ChartRenderer().render(ValueSet.NAMESPACED_WITH_MONITORING));

    @Test
    void theWatchedNamespacesSettingNamesTheOperatorsController() throws IOException {
        String controller = constant("ImageClassificationJobReconciler.java", "NAME");

        assertThat(envNames(namespaced))
                .contains("QUARKUS_OPERATOR_SDK_CONTROLLERS_" + controller.toUpperCase(Locale.ROOT) + "_NAMESPACES");
    }

    @Test
    void theLeaderElectionRoleCoversTheOperatorsLease() throws IOException {
        String lease = constant("LeaderElection.java", "LEASE_NAME");
        Role role = defaults.find(Role.class, ChartRenderer.NAMESPACE, "fovea-operator-leader-election")
                .orElseThrow();

        assertThat(role.getRules())
                .anySatisfy(rule -> assertThat(rule.getResourceNames()).containsExactly(lease));
    }

    @Test
    void everyFoveaSettingTheChartPassesIsOneTheOperatorReads() throws IOException {
        String config = Files.readString(RepositoryPaths.resolve(OPERATOR_SOURCES + "OperatorConfig.java"));
        List<String> settings = Stream.of(ValueSet.values())
                .flatMap(values -> envNames(RenderedObjects.of(new ChartRenderer().render(values))).stream())
                .filter(n -> n.startsWith("FOVEA_OPERATOR_"))
                .distinct()
                .toList();

        assertThat(settings)
                .isNotEmpty()
                .allSatisfy(env -> assertThat(readsSetting(config, env.substring("FOVEA_OPERATOR_".length())))
                        .as("OperatorConfig has no method for %s", env)
                        .isTrue());
    }

    /**
     * Whether {@code config} has the method of the setting: {@code trainerImage()}, or in a group of settings such as
     * {@code pretrainedCatalogue()} the group's method and the setting's, {@code claimName()}.
     */
    private static boolean readsSetting(String config, String envSuffix) {
        String[] parts = envSuffix.split("_");
        for (int split = parts.length; split > 0; split--) {
            String group = camelCase(String.join("_", Arrays.copyOfRange(parts, 0, split)));
            String leaf = split == parts.length
                    ? null
                    : camelCase(String.join("_", Arrays.copyOfRange(parts, split, parts.length)));
            if (declares(config, group) && (leaf == null || declares(config, leaf))) {
                return true;
            }
        }
        return false;
    }

    private static boolean declares(String config, String method) {
        return Pattern.compile("\\b" + Pattern.quote(method) + "\\(\\)")
                .matcher(config)
                .find();
    }

    private static List<String> envNames(RenderedObjects objects) {
        return objects
                .only(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv()
                .stream()
                .map(EnvVar::getName)
                .toList();
    }

    /** The value of {@code static final String <name> = "...";} in an operator source file. */
    private static String constant(String file, String name) throws IOException {
        String source = Files.readString(RepositoryPaths.resolve(OPERATOR_SOURCES + file));
        Matcher matcher =
                Pattern.compile("String " + name + "\\s*=\\s*\"([^\"]+)\"").matcher(source);
        assertThat(matcher.find()).as("%s declares %s", file, name).isTrue();
        return matcher.group(1);
    }

    /** {@code TRAINER_IMAGE} → {@code trainerImage}, the @ConfigMapping method of {@code fovea.operator.trainer-image}. */
    private static String camelCase(String envSuffix) {
        StringBuilder name = new StringBuilder();
        for (String part : envSuffix.toLowerCase(Locale.ROOT).split("_")) {
            name.append(name.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return name.toString();
    }
}
