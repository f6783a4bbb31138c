package dev.fovea.trainer.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which answer format an {@code Accept} header gets: q-values weigh, {@code q=0} refuses, ties go to the first. */
class ResponseFormatTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            none                                                       | JSON
            '   '                                                      | JSON
            */*                                                        | JSON
            application/*                                              | JSON
            application/jsonlines                                      | JSON_LINES
            application/jsonlines, application/json                    | JSON_LINES
            application/json;q=0.5, application/jsonlines              | JSON_LINES
            application/jsonlines;q=0.2, application/json;q=0.9        | JSON
            application/json;q=0, */*                                  | JSON_LINES
            application/jsonlines;q=0, */*                             | JSON
            text/csv, application/*;q=0.1                              | JSON
            application/json;q=0                                       | none
            application/json;q=0, application/jsonlines;q=0, */*       | none
            */*;q=0                                                    | none
            application/json;q=abc                                     | none
            text/csv                                                   | none
            """)
    void negotiatesByWeightThenOrder(String accept, ResponseFormat expected) {
        assertThat(ResponseFormat.negotiate(accept)).isEqualTo(Optional.ofNullable(expected));
    }
}
