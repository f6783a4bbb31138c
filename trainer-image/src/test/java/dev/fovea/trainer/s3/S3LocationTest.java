package dev.fovea.trainer.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fovea.trainer.ClientError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** S3 locations are read as the AWS CLI reads them: the bucket up to the first slash, the rest the key, as written. */
class S3LocationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "s3://images/batch/|images|batch/",
                "s3://images/my images/|images|my images/",
                "s3://images/100%/|images|100%/",
                "s3://images/run#3/a?b.png|images|run#3/a?b.png",
                "s3://images/a%20b|images|a%20b",
                "s3://images|images|''",
                "s3://images//x/|images|x/"
            })
    void everyCharacterAfterTheBucketIsTheKeys(String uri, String bucket, String key) {
        assertThat(S3Location.parse(uri, "--input")).isEqualTo(new S3Location(bucket, key));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "https://images/batch/|does not start with s3://",
                "s3://Images/batch/|'Images' is not a bucket name",
                "s3:///batch/|'' is not a bucket name"
            })
    void anythingElseIsAnErrorNamingTheSettingAndTheValue(String uri, String why) {
        assertThatThrownBy(() -> S3Location.parse(uri, "--input"))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining("--input is '" + uri + "'")
                .hasMessageContaining(why);
    }
}
