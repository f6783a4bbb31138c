package dev.fovea.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminationMessagesTest {

    @Test
    void readsAReasonFieldFromJsonOrTheLastLineOfText() {
        assertThat(TerminationMessages.failureReason("{\"epoch\":2,\"failure\":\"ClientError: no train channel\"}"))
                .isEqualTo("ClientError: no train channel");
        assertThat(TerminationMessages.failureReason("loading data\nClientError: label 12 out of range\n"))
                .isEqualTo("ClientError: label 12 out of range");
        assertThat(TerminationMessages.failureReason(null)).isEmpty();
    }

    @Test
    void dropsTheTrainersOwnPrefixSoItIsNotDoubled() {
        assertThat(TerminationMessages.withoutClientErrorPrefix("ClientError: bad"))
                .isEqualTo("bad");
        assertThat(TerminationMessages.withoutClientErrorPrefix("bad")).isEqualTo("bad");
    }
}
