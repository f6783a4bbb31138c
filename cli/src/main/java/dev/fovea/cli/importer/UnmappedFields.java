package dev.fovea.cli.importer;

import dev.fovea.api.contract.Ports;
import java.util.List;
import java.util.Map;

/** What to do instead, for the CreateTrainingJob fields that have no counterpart in the manifest. */
final class UnmappedFields {

    private static final Map<String, String> ADVICE = Map.ofEntries(
            Map.entry(
                    "RoleArn",
                    "grant S3 access through the Secret named by s3.secretRef, or annotate the "
                            + "trainer ServiceAccount for IRSA (chart value trainer.serviceAccount.annotations)"),
            Map.entry(
                    "VpcConfig",
                    "the pods run in the cluster network; the operator's NetworkPolicy opens the "
                            + "exchange port to the job's own hosts only"),
            Map.entry("Tags", "put them on metadata.labels or metadata.annotations"),
            Map.entry(
                    "EnableManagedSpotTraining",
                    "run on spot nodes with resourceConfig.tolerations and "
                            + "nodeSelector; a reclaimed node causes a gang restart from the newest checkpoint"),
            Map.entry("Environment", "the trainer takes its settings from hyperParameters only"),
            Map.entry("EnableNetworkIsolation", "use a NetworkPolicy in the job's namespace"),
            Map.entry(
                    "EnableInterContainerTrafficEncryption",
                    "the gradient exchange is authenticated with a "
                            + "per-job token but not encrypted; use a service mesh with mTLS if you need encryption"),
            Map.entry("DebugHookConfig", "use the Prometheus metrics and the " + Ports.PROGRESS_PATH + " endpoint"),
            Map.entry("DebugRuleConfigurations", "use the Prometheus metrics and alerting rules"),
            Map.entry("ProfilerConfig", "use the Prometheus metrics (images/s, data-wait time)"),
            Map.entry("ProfilerRuleConfigurations", "use the Prometheus metrics and alerting rules"),
            Map.entry("TensorBoardOutputConfig", "use the Grafana dashboard of the Helm chart"),
            Map.entry("ExperimentConfig", "put the experiment names on metadata.labels"));

    private UnmappedFields() {}

    /** One note per field, in request order. */
    static void describe(Map<String, Object> fields, List<String> notes) {
        fields.keySet()
                .forEach(field -> notes.add(field + " is not carried over: "
                        + ADVICE.getOrDefault(field, "it has no counterpart in an ImageClassificationJob")));
    }
}
