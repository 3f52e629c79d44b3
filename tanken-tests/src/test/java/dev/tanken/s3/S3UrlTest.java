package dev.tanken.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import dev.tanken.blob.BlobStores;
import dev.tanken.s3.internal.S3Url;
import java.net.URI;
import org.junit.jupiter.api.Test;

class S3UrlTest {
    @Test
    void fullUrlIsParsed() {
        S3Url u = S3Url.parse("s3://my-bucket/a/b/?endpoint=http://127.0.0.1:9000&region=eu-west-1"
                + "&pathStyle=false&accessKey=AK&secretKey=ab%2Bc/d+e");

        assertThat(u.bucket()).isEqualTo("my-bucket");
        assertThat(u.prefix()).isEqualTo("a/b/");
        assertThat(u.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(u.region()).isEqualTo("eu-west-1");
        assertThat(u.pathStyle()).isFalse();
        assertThat(u.accessKey()).isEqualTo("AK");
        // '+' is kept as a plus sign, as AWS secrets need; %2B decodes to the same.
        assertThat(u.secretKey()).isEqualTo("ab+c/d+e");
    }

    @Test
    void defaultsFollowTheEndpoint() {
        S3Url aws = S3Url.parse("s3://bucket");
        assertThat(aws.prefix()).isEmpty();
        assertThat(aws.endpoint()).isNull();
        assertThat(aws.region()).isNull();
        assertThat(aws.pathStyle()).isFalse();
        assertThat(aws.accessKey()).isNull();

        S3Url local = S3Url.parse("s3://bucket/p?endpoint=http://localhost:9000");
        assertThat(local.region()).isEqualTo("us-east-1");
        assertThat(local.pathStyle()).isTrue();
        assertThat(local.prefix()).isEqualTo("p/");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> S3Url.parse("s3://")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs a bucket");
        assertThatThrownBy(() -> S3Url.parse("s3://Bad_Bucket")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Bad_Bucket");
        assertThatThrownBy(() -> S3Url.parse("s3://bucket?regoin=x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("regoin");
        assertThatThrownBy(() -> S3Url.parse("s3://bucket?endpoint=ftp://x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("http");
        assertThatThrownBy(() -> S3Url.parse("s3://bucket?pathStyle=yes")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pathStyle");
        assertThatThrownBy(() -> S3Url.parse("s3://bucket?accessKey=a")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("secretKey");
        assertThatThrownBy(() -> S3Url.parse("s3://bucket?region=x&region=y"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("twice");
    }

    @Test
    void secretNeverAppearsInTextOrErrors() {
        String url = "s3://bucket/p?endpoint=http://127.0.0.1:9&accessKey=AK&secretKey=TOPSECRET";
        assertThat(S3Url.parse(url).toString()).doesNotContain("TOPSECRET");
        assertThat(S3Url.redact(url)).doesNotContain("TOPSECRET").contains("secretKey=***");
        assertThat(BlobStores.open(url).toString()).doesNotContain("TOPSECRET");
        assertThatThrownBy(() -> BlobStores.open("gs://bucket?secretKey=TOPSECRET"))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("TOPSECRET");
        assertThatThrownBy(() -> S3Url.parse("s3://bucket?secretKey=TOPSECRET&bogus=1"))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("TOPSECRET");
    }
}
