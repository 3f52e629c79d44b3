package dev.tanken.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.StorageException;
import dev.tanken.blob.BlobInfo;
import dev.tanken.blob.BlobStore;
import dev.tanken.blob.BlobStoreContract;
import dev.tanken.blob.BlobStores;
import dev.tanken.testing.TestS3Server;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The blob store contract against a real S3-compatible server, plus what is particular to S3. */
class S3BlobStoreTest extends BlobStoreContract {
    private static final TestS3Server SERVER = TestS3Server.shared();

    private String bucket;

    @Override
    protected BlobStore newStore() {
        bucket = SERVER.newBucket();
        return BlobStores.open(SERVER.url(bucket, "photos/"));
    }

    @Test
    void blobIsTheObjectPrefixPlusDigest() {
        byte[] bytes = randomBytes(3000, 1);
        String key = store.put(bytes, sha256(bytes), JPEG).key();

        assertThat(SERVER.objectKeys(bucket)).containsExactly("photos/" + key);
        assertThat(((S3BlobStore) store).objectKey(key)).isEqualTo("photos/" + key);
    }

    @Test
    void listingReportsSizeAndTimeAndSkipsForeignObjects() {
        byte[] bytes = randomBytes(1234, 2);
        Instant before = Instant.now().minusSeconds(5);
        String key = store.put(bytes, sha256(bytes), JPEG).key();
        try (BlobStore other = BlobStores.open(SERVER.url(bucket, "elsewhere"))) {
            byte[] foreign = randomBytes(10, 3);
            other.put(foreign, sha256(foreign), JPEG);
        }

        List<BlobInfo> listed;
        try (Stream<BlobInfo> s = store.list()) {
            listed = s.toList();
        }

        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).key()).isEqualTo(key);
        assertThat(listed.get(0).size()).isEqualTo(1234);
        assertThat(listed.get(0).lastModified()).isAfter(before);
    }

    @Test
    void corruptedObjectFailsTheReadAtItsEnd() throws IOException {
        byte[] bytes = randomBytes(5000, 4);
        String key = sha256(bytes);
        // Someone writes other bytes under the blob's key behind Tanken's back.
        try (software.amazon.awssdk.services.s3.S3Client raw = rawClient()) {
            raw.putObject(b -> b.bucket(bucket).key("photos/" + key),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(randomBytes(5000, 5)));
        }

        try (InputStream in = store.open(key).orElseThrow()) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
                    .hasMessageContaining("corrupt").hasMessageContaining(key);
        }
    }

    @Test
    void serverRejectsAnUploadWhoseChecksumDoesNotMatch() {
        byte[] bytes = randomBytes(2000, 6);
        String wrong = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        try (software.amazon.awssdk.services.s3.S3Client raw = rawClient()) {
            assertThatThrownBy(() -> raw.putObject(b -> b.bucket(bucket).key("photos/x").checksumSHA256(wrong),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes)))
                    .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
        }
        assertThat(SERVER.objectKeys(bucket)).isEmpty();
    }

    @Test
    void missingBucketIsAStorageExceptionThatNamesIt() {
        try (BlobStore missing = BlobStores.open(SERVER.url("no-such-bucket-here", ""))) {
            byte[] bytes = randomBytes(10, 7);
            assertThatThrownBy(() -> missing.put(bytes, sha256(bytes), JPEG)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("no-such-bucket-here");
        }
    }

    @Test
    void wrongCredentialsAreReportedWithoutTheSecret() {
        String url = SERVER.url(bucket, "").replace("secretKey=", "secretKey=wrong");
        try (BlobStore denied = BlobStores.open(url)) {
            assertThatThrownBy(() -> denied.exists(sha256(new byte[1]))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("access denied")
                    .hasMessageNotContaining("wrong")
                    .hasMessageNotContaining(TestS3Server.SECRET_KEY);
        }
    }

    @Test
    void unreachableServerIsAStorageException() {
        TestS3Server server = TestS3Server.start();
        String url = server.url(server.newBucket(), "");
        server.stop();
        try (BlobStore down = BlobStores.open(url)) {
            assertThatThrownBy(() -> down.exists(sha256(new byte[1]))).isInstanceOf(StorageException.class)
                    .hasMessageContaining(server.endpoint().toString());
        }
    }

    @Test
    void openingTheStoreDoesNotContactTheServer() {
        // A URL to nowhere opens fine: the client is only built and used on the first request.
        try (BlobStore lazy = BlobStores.open("s3://some-bucket/x?endpoint=http://127.0.0.1:1&region=us-east-1")) {
            assertThat(lazy).isInstanceOf(S3BlobStore.class);
        }
    }

    private software.amazon.awssdk.services.s3.S3Client rawClient() {
        return software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(SERVER.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true)
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                TestS3Server.ACCESS_KEY, TestS3Server.SECRET_KEY)))
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .build();
    }
}
