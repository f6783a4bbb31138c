package dev.fovea.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectNamesTest {

    @Test
    void objectsAreNamedAfterTheJob() {
        assertThat(ObjectNames.configMap("mnist")).isEqualTo("mnist-config");
        assertThat(ObjectNames.tokenSecret("mnist")).isEqualTo("mnist-token");
        assertThat(ObjectNames.hostsService("mnist")).isEqualTo("mnist-hosts");
        assertThat(ObjectNames.trainerJob("mnist")).isEqualTo("mnist");
        assertThat(ObjectNames.exchangePolicy("mnist")).isEqualTo("mnist-exchange");
    }

    @Test
    void hostKIsAlgoKPlusOneAtItsPodDnsName() {
        assertThat(ObjectNames.hostName(0)).isEqualTo("algo-1");
        assertThat(ObjectNames.hostIndex("algo-2")).isEqualTo(1);
        assertThat(ObjectNames.hostDnsName("mnist", 1, "ml")).isEqualTo("mnist-1.mnist-hosts.ml.svc");
        assertThatThrownBy(() -> ObjectNames.hostIndex("host-1")).hasMessageContaining("algo-<n>");
        assertThatThrownBy(() -> ObjectNames.hostIndex("algo-0")).hasMessageContaining("algo-1");
    }

    @Test
    void labelsMarkTheJobAndTheHost() {
        assertThat(ObjectNames.labels("mnist"))
                .containsEntry("app.kubernetes.io/managed-by", "fovea")
                .containsEntry("fovea.dev/job-name", "mnist")
                .hasSize(2);
        assertThat(ObjectNames.hostLabels("mnist", 3))
                .containsEntry("fovea.dev/host-index", "3")
                .hasSize(3);
    }
}
