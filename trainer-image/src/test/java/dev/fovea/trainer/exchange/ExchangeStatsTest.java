package dev.fovea.trainer.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The exchange's traffic reaches /metrics under the names the README documents. */
class ExchangeStatsTest {

    @Test
    void exportsTotalsAndTheLastStepToPrometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ExchangeStats stats = new ExchangeStats();
        stats.bindTo(registry);

        stats.recordSent(1_000);
        stats.stepStarted();
        stats.recordSent(4_096);
        stats.recordReceived(2_048);
        stats.stepFinished(3_000_000);

        assertThat(stats.lastStep()).isEqualTo(new ExchangeStats.Step(4_096, 2_048, 3_000_000));
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("fovea_exchange_bytes_sent_total 5096.0")
                .contains("fovea_exchange_bytes_received_total 2048.0")
                .contains("fovea_exchange_step_bytes_sent 4096.0")
                .contains("fovea_exchange_step_seconds_count 1");
    }
}
