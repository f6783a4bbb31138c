package dev.fovea.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fovea.e2e.chart.ArgoCdHealthCheck.Health;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        "Suspended, Suspended"
    })
    void mapsEachPhaseToAnArgoCdHealth(String phase, String expected) {
        Health health = check.assess(job(phase, phase + "Reason", "what happened"));

        assertThat(health.status()).isEqualTo(expected);
        assertThat(health.message()).isEqualTo(phase + "Reason: what happened");
    }

    @Test
    void aJobWithoutStatusIsProgressing() {
        Health health = check.assess(job(1, ""));

        assertThat(health.status()).isEqualTo("Progressing");
        assertThat(health.message()).contains("Waiting for the Fovea operator");
    }

    @Test
    void aStatusForAnOlderGenerationIsNotTrusted() {
        Map<String, Object> stale = job(3, "status: {phase: Succeeded, observedGeneration: 2}");

        assertThat(check.assess(stale).status()).isEqualTo("Progressing");
    }

    @Test
    void aRunningJobWithoutAConditionMessageShowsItsEpoch() {
        Map<String, Object> running =
                job(1, "status: {phase: Running, observedGeneration: 1, epoch: 3, totalEpochs: 10}");

        assertThat(check.assess(running)).isEqualTo(new Health("Progressing", "epoch 3/10"));
    }

    private static Map<String, Object> job(String phase, String reason, String message) {
        return job(2, """
                status:
                  phase: %1$s
                  observedGeneration: 2
                  conditions:
                    - {type: Created, status: "False", reason: Superseded, message: older}
                    - {type: %1$s, status: "True", reason: %2$s, message: %3$s}
                """.formatted(phase, reason, message));
    }

    /** A job at metadata.generation {@code generation} with the given {@code status:} YAML (may be empty). */
    private static Map<String, Object> job(int generation, String status) {
        return ChartRenderer.parseDocuments("""
                apiVersion: fovea.dev/v1alpha1
                kind: ImageClassificationJob
                metadata: {name: mnist, generation: %d}
                %s""".formatted(generation, status)).getFirst();
    }
}
