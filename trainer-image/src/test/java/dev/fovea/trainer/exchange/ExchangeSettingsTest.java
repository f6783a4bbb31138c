package dev.fovea.trainer.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment variables the operator sets, and resourceconfig.json's hosts, read into settings a host can use. */
class ExchangeSettingsTest {

    @Test
    void readsTheEnvironmentWithDefaultsForWhatIsUnset() {
        ExchangeSettings settings = ExchangeSettings.fromEnvironment(Map.of(
                "FOVEA_EXCHANGE_TOKEN", "s3cret", "FOVEA_PEER_TIMEOUT_SECONDS", "7", "FOVEA_EXCHANGE_DEBUG", "1"));

        assertThat(settings.token()).isEqualTo("s3cret");
        assertThat(settings.peerTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.startupTimeout()).isEqualTo(ExchangeSettings.DEFAULT_STARTUP_TIMEOUT);
        assertThat(settings.debugChecksums()).isTrue();
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void aMalformedNumberNamesItsVariable() {
        assertThatThrownBy(() -> ExchangeSettings.fromEnvironment(Map.of("FOVEA_PEER_TIMEOUT_SECONDS", "two minutes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FOVEA_PEER_TIMEOUT_SECONDS")
                .hasMessageContaining("two minutes");
        assertThatThrownBy(() -> ExchangeSettings.fromEnvironment(Map.of("FOVEA_STARTUP_TIMEOUT_SECONDS", "0")))
                .hasMessageContaining("FOVEA_STARTUP_TIMEOUT_SECONDS");
    }

    @Test
    void listensOnThePortOfItsOwnAddressUnlessOneIsSet() {
        HostGroup group = HostGroup.of(
                "algo-2",
                List.of("algo-1", "algo-2"),
                Map.of("algo-1", "job-0.job-hosts.ns.svc:9090", "algo-2", "127.0.0.1:9191"));

        assertThat(group.rank()).isEqualTo(1);
        assertThat(group.describe(0)).isEqualTo("algo-1 (job-0.job-hosts.ns.svc:9090)");
        assertThat(ExchangeSettings.defaults("t").portFor(group)).isEqualTo(9191);
        assertThat(ExchangeSettings.builder("t").listenPort(9300).build().portFor(group))
                .isEqualTo(9300);
    }

    @Test
    void aHostWithoutAnAddressIsNamed() {
        assertThatThrownBy(() -> HostGroup.of("algo-1", List.of("algo-1", "algo-2"), Map.of("algo-1", "a:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host_addresses")
                .hasMessageContaining("algo-2");
    }
}
