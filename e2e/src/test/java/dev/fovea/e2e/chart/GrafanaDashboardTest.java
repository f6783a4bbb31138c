package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard is valid JSON, shows what operators of Fovea need, and queries only real series. */
class GrafanaDashboardTest {

    private static final Pattern FOVEA_SERIES = Pattern.compile("\\bfovea_[a-z0-9_]+");
    /** Grouping clauses and label matchers name labels (such as fovea_job), not series. */
    private static final Pattern LABEL_LISTS = Pattern.compile("\\b(by|without)\\s*\\([^)]*\\)|\\{[^}]*}");

    private JsonNode dashboard;

    @BeforeEach
    void parseDashboard() throws IOException {
        dashboard = new ObjectMapper()
                .readTree(
                        RepositoryPaths.chart().resolve("dashboards/fovea.json").toFile());
    }

    @Test
    void everyQueryUsesSeriesTheTrainerOrTheOperatorRegisters() {
        Set<String> registered = RegisteredMetrics.in("trainer-image/src/main/java", "operator/src/main/java");
        Set<String> queried = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher series = FOVEA_SERIES.matcher(LABEL_LISTS.matcher(expr).replaceAll(" "));
            while (series.find()) {
                queried.add(series.group());
            }
        }

        assertThat(queried).hasSizeGreaterThan(10);
        assertThat(registered).containsAll(queried);
    }

    @Test
    void showsPhasesEpochsCurvesThroughputExchangeAndRestarts() {
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(p -> titles.add(p.get("title").asText()));

        assertThat(titles)
                .contains(
                        "Jobs by phase",
                        "Epoch",
                        "Accuracy",
                        "Training loss",
                        "Images per second",
                        "Gradient exchange throughput",
                        "Gang restarts");
        assertThat(String.join("\n", expressions()))
                .contains("fovea_train_accuracy", "fovea_validation_accuracy", "fovea_jobs_restarted_total");
    }

    @Test
    void everyPanelHasAUniqueIdAndEveryTargetARefIdAndAQuery() {
        Set<Integer> ids = new TreeSet<>();
        dashboard.get("panels").forEach(panel -> {
            assertThat(ids.add(panel.get("id").asInt()))
                    .as("panel id %s", panel.get("id"))
                    .isTrue();
            panel.path("targets").forEach(target -> {
                assertThat(target.get("refId").asText()).isNotBlank();
                assertThat(target.get("expr").asText()).isNotBlank();
            });
        });
    }

    @Test
    void theChartShipsTheDashboardToTheGrafanaSidecar() {
        ConfigMap configMap = RenderedObjects.of(new ChartRenderer().render(ValueSet.NAMESPACED_WITH_MONITORING))
                .only(ConfigMap.class);

        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(configMap.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(configMap.getData().get("fovea.json")).isEqualToIgnoringWhitespace(dashboard.toPrettyString());
    }

    @Test
    void exposedNamesFollowMicrometersPrometheusConvention() {
        assertThat(RegisteredMetrics.exposedNames("FunctionCounter.builder", "fovea.exchange.bytes.sent", "bytes"))
                .containsExactly("fovea_exchange_bytes_sent_bytes_total");
        assertThat(RegisteredMetrics.exposedNames("gauge", "fovea_epochs_total", null))
                .containsExactly("fovea_epochs");
        assertThat(RegisteredMetrics.exposedNames("Timer.builder", "fovea.exchange.step", null))
                .contains("fovea_exchange_step_seconds_sum", "fovea_exchange_step_seconds_count");
    }

    private List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        dashboard
                .get("panels")
                .forEach(panel -> panel.path("targets")
                        .forEach(target -> expressions.add(target.get("expr").asText())));
        return expressions;
    }
}
