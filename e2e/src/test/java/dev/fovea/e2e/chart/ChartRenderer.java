package dev.fovea.e2e.chart;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Lints and renders {@code charts/fovea} with the Helm library embedded by helm-java: no helm binary, no network. */
final class ChartRenderer {

    static final String RELEASE = "fovea";
    static final String NAMESPACE = "fovea-system";
    /** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion); helm-java would assume 1.20. */
    static final String KUBE_VERSION = "1.27.0";

    private static final YAMLMapper YAML = new YAMLMapper();
    /** Rendering takes a second or two; the chart does not change during a test run, so each value set renders once. */
    private static final Map<ValueSet, String> RENDERED = new ConcurrentHashMap<>();

    private final Helm helm = new Helm(RepositoryPaths.chart());

    /** {@code helm lint --strict} of the chart with {@code values} merged into its values.yaml. */
    static LintResult lintStrict(ValueSet values, Path workDir) throws IOException {
        return new Helm(ChartCopy.withValues(values, workDir)).lint().strict().call();
    }

    /** {@code helm template} output as text. */
    String renderText(ValueSet values) {
        return RENDERED.computeIfAbsent(values, this::template);
    }

    private String template(ValueSet values) {
        TemplateCommand template =
                helm.template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
        values.valuesFile().ifPresent(template::withValuesFile);
        return template.call();
    }

    /**
     * The CRDs Helm installs from the chart's {@code crds/} folder before the templates ({@code helm template} leaves
     * them out unless asked, and helm-java cannot ask).
     */
    List<Map<String, Object>> crds() {
        try (Stream<Path> files = Files.list(RepositoryPaths.chart().resolve("crds"))) {
            List<Map<String, Object>> crds = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                crds.addAll(parseDocuments(Files.readString(file)));
            }
            return crds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every rendered document as a generic map, empty documents dropped. */
    List<Map<String, Object>> render(ValueSet values) {
        return parseDocuments(renderText(values));
    }

    static List<Map<String, Object>> parseDocuments(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> it =
                YAML.readerFor(new TypeReference<Map<String, Object>>() {}).readValues(yaml)) {
            while (it.hasNext()) {
                Map<String, Object> document = it.next();
                if (document != null && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("helm template produced invalid YAML", e);
        }
        return documents;
    }
}
