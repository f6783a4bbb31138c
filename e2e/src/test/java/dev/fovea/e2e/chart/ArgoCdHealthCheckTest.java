package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.e2e.chart.ArgoCdHealthCheck.Health;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The Argo CD health check in docs/ maps every phase the operator writes to the health Argo CD should show. */
class ArgoCdHealthCheckTest {

    private ArgoCdHealthCheck check;

    @BeforeEach
    void loadScript() throws IOException {
        check = new ArgoCdHealthCheck(RepositoryPaths.resolve("docs/argocd-health.lua"));
    }

    @ParameterizedTest
    @CsvSource({
        "Created, Progressing",
        "Running, Progressing",
        "Restarting, Progressing",
        "Succeeded, Healthy",
        "Failed, Degraded",
        "Suspended, Suspended"})
    void mapsEachPhaseToAnArgoCdHealth(String phase, String expected) {
        Health health = check.assess(job(phase, phase + "Reason", "what happened"));

        assertThat(health.status()).isEqualTo(expected);
        assertThat(health.message()).isEqualTo(phase + "Reason: what happened");
    }

    @Test
    void aJobWithoutStatusIsProgressing() {
        Health health = check.assess(ChartRenderer.parseDocuments("""
                apiVersion: fovea.dev/v1alpha1
                kind: ImageClassificationJob
                metadata: {name: mnist, generation: 1}
                """).getFirst());

        assertThat(health.status()).isEqualTo("Progressing");
        assertThat(health.message()).contains("Waiting for the Fovea operator");
    }

    @Test
    void aStatusForAnOlderGenerationIsNotTrusted() {
        Map<String, Object> stale = ChartRenderer.parseDocuments("""
                apiVersion: fovea.dev/v1alpha1
                kind: ImageClassificationJob
                metadata: {name: mnist, generation: 3}
                status: {phase: Succeeded, observedGeneration: 2}
                """).getFirst();

        assertThat(check.assess(stale).status()).isEqualTo("Progressing");
    }

    @Test
    void aRunningJobWithoutAConditionMessageShowsItsEpoch() {
        Map<String, Object> running = ChartRenderer.parseDocuments("""
                apiVersion: fovea.dev/v1alpha1
                kind: ImageClassificationJob
                metadata: {name: mnist, generation: 1}
                status: {phase: Running, observedGeneration: 1, epoch: 3, totalEpochs: 10}
                """).getFirst();

        assertThat(check.assess(running)).isEqualTo(new Health("Progressing", "epoch 3/10"));
    }

    private static Map<String, Object> job(String phase, String reason, String message) {
        return ChartRenderer.parseDocuments("""
                apiVersion: fovea.dev/v1alpha1
                kind: ImageClassificationJob
                metadata: {name: mnist, generation: 2}
                status:
                  phase: %1$s
                  observedGeneration: 2
                  conditions:
                    - {type: Created, status: "False", reason: Superseded, message: older}
                    - {type: %1$s, status: "True", reason: %2$s, message: %3$s}
                """.formatted(phase, reason, message)).getFirst();
    }
}
