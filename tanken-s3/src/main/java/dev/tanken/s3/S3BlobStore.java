package dev.tanken.s3;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.blob.BlobInfo;
import dev.tanken.blob.BlobStore;
import dev.tanken.blob.internal.VerifyingInputStream;
import dev.tanken.s3.internal.S3Url;
import dev.tanken.model.Validation;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} in an S3 bucket (AWS or any S3-compatible server), opened from
 * {@code s3://bucket[/prefix]?endpoint=http://127.0.0.1:9000&region=us-east-1[&pathStyle=true][&accessKey=..&secretKey=..]}
 * (see {@link S3Url}). Without keys in the URL the AWS SDK's default credentials chain applies
 * (environment, profile, instance role); credentials are never logged or put in messages.
 *
 * <p>A blob with SHA-256 {@code h} is the object {@code prefix + h}. Integrity: each upload carries
 * its SHA-256 ({@code x-amz-checksum-sha256}), which S3 checks against the bytes it receives; each
 * download is hashed while it is read and fails at its end if the content does not match its key.
 * Request bodies are built from the byte array, so the SDK can resend them on a retry. Writes are
 * idempotent: an existing object is left alone (HEAD first), and since the key is the content's
 * digest, a PUT racing another PUT of the same key writes identical bytes. The PUT is deliberately
 * unconditional: with {@code If-None-Match: *}, a retry of a PUT whose first attempt did land would
 * be refused and the store could no longer tell that this call created the object. Two racing puts
 * may therefore both report {@code created}; callers that clean up after a failure check references
 * first and re-check their blobs after committing (see the uploader).
 *
 * <p>The S3 client is created on first use, so opening a store costs nothing for a command that never
 * touches pictures. Thread-safe.
 */
public final class S3BlobStore implements BlobStore {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private final S3Url location;
    private final boolean ownsClient;
    private volatile S3Client client;

    private S3BlobStore(S3Url location, S3Client client, boolean ownsClient) {
        this.location = location;
        this.client = client;
        this.ownsClient = ownsClient;
    }

    /** Opens the bucket an {@code s3://} URL names; the client is built on first use. */
    public static S3BlobStore fromUrl(String url) {
        return new S3BlobStore(S3Url.parse(url), null, true);
    }

    /**
     * A store over a client the caller built and keeps owning ({@link #close()} leaves it open).
     *
     * @param prefix key prefix inside the bucket, may be empty
     */
    public static S3BlobStore using(S3Client client, String bucket, String prefix) {
        Objects.requireNonNull(client, "client");
        return new S3BlobStore(new S3Url(bucket, prefix, null, null, false, null, null), client, false);
    }

    public String bucket() {
        return location.bucket();
    }

    public String prefix() {
        return location.prefix();
    }

    /** The object key of the blob with this key. */
    public String objectKey(String key) {
        return location.prefix() + requireKey(key);
    }

    @Override
    public String keyFor(String sha256) {
        return Validation.sha256(sha256);
    }

    @Override
    public PutResult put(byte[] bytes, String sha256, String mediaType) {
        if (bytes == null) {
            throw new InvalidInputException("blob bytes must not be null");
        }
        String key = keyFor(sha256);
        String actual = sha256Hex(bytes);
        if (!actual.equals(key)) {
            throw new InvalidInputException("SHA-256 mismatch: the caller gave " + key + " but the "
                    + bytes.length + " bytes hash to " + actual);
        }
        if (exists(key)) {
            return new PutResult(key, false);
        }
        String objectKey = objectKey(key);
        try {
            s3().putObject(b -> b.bucket(location.bucket())
                            .key(objectKey)
                            .contentType(mediaType == null ? "application/octet-stream" : mediaType)
                            .contentLength((long) bytes.length)
                            .checksumSHA256(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(key))),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes), bytes.length,
                            mediaType == null ? "application/octet-stream" : mediaType));
            return new PutResult(key, true);
        } catch (SdkException e) {
            throw failure("PUT", objectKey, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        String objectKey = objectKey(key);
        try {
            ResponseInputStream<GetObjectResponse> in = s3().getObject(b -> b.bucket(location.bucket()).key(objectKey));
            return Optional.of(new VerifyingInputStream(in, key, "blob " + describe(objectKey)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("GET", objectKey, e);
        }
    }

    @Override
    public boolean exists(String key) {
        String objectKey = objectKey(key);
        try {
            s3().headObject(b -> b.bucket(location.bucket()).key(objectKey));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("HEAD", objectKey, e);
        } catch (SdkException e) {
            throw failure("HEAD", objectKey, e);
        }
    }

    /** S3 deletes answer the same whether or not the object existed, hence the HEAD first. */
    @Override
    public boolean delete(String key) {
        if (!exists(key)) {
            return false;
        }
        String objectKey = objectKey(key);
        try {
            s3().deleteObject(b -> b.bucket(location.bucket()).key(objectKey));
            return true;
        } catch (SdkException e) {
            throw failure("DELETE", objectKey, e);
        }
    }

    @Override
    public Stream<String> keys() {
        return list().map(BlobInfo::key);
    }

    /**
     * Lists the objects under the prefix page by page (1000 per request), lazily; objects whose names
     * are not blob keys (anything else stored under the prefix) are skipped.
     */
    @Override
    public Stream<BlobInfo> list() {
        Stream<S3Object> objects;
        try {
            objects = s3().listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(location.prefix()))
                    .contents().stream();
        } catch (SdkException e) {
            throw failure("LIST", location.prefix(), e);
        }
        int start = location.prefix().length();
        Stream<BlobInfo> blobs = objects
                .filter(o -> o.key().length() == start + 64 && KEY.matcher(o.key().substring(start)).matches())
                .map(o -> new BlobInfo(o.key().substring(start), o.size() == null ? -1 : o.size(), o.lastModified()));
        return translateErrors(blobs);
    }

    /** Pages are fetched while the stream is consumed; their failures must surface as StorageException too. */
    private Stream<BlobInfo> translateErrors(Stream<BlobInfo> blobs) {
        Spliterator<BlobInfo> source = blobs.spliterator();
        Spliterator<BlobInfo> translated = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super BlobInfo> action) {
                try {
                    return source.tryAdvance(action);
                } catch (SdkException e) {
                    throw failure("LIST", location.prefix(), e);
                }
            }
        };
        return StreamSupport.stream(translated, false).onClose(blobs::close);
    }

    private S3Client s3() {
        S3Client c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = buildClient(location);
                    client = c;
                }
            }
        }
        return c;
    }

    private static S3Client buildClient(S3Url url) {
        AwsCredentialsProvider credentials = url.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(url.accessKey(), url.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .credentialsProvider(credentials)
                .forcePathStyle(url.pathStyle())
                // We send our own SHA-256 with every upload and hash every download ourselves; the SDK's
                // default CRC trailers need aws-chunked uploads that not every S3-compatible server takes.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (url.region() != null) {
            builder.region(Region.of(url.region()));
        }
        if (url.endpoint() != null) {
            builder.endpointOverride(url.endpoint());
        }
        try {
            return builder.build();
        } catch (SdkException e) {
            throw new StorageException("cannot set up the S3 client for " + url + ": " + e.getMessage()
                    + (url.region() == null ? " (give the region in the URL: ?region=eu-west-1)" : ""), e);
        }
    }

    private StorageException failure(String operation, String objectKey, SdkException e) {
        String reason = e.getMessage();
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
            String code = s3.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                reason = "the bucket does not exist";
            } else if (s3.statusCode() == 403) {
                reason = "access denied (" + code + "); check the credentials and the bucket policy";
            } else if (s3.statusCode() == 400 && code != null && code.contains("Checksum")) {
                reason = "the server rejected the upload's SHA-256 (" + code + "): the bytes were damaged in transit";
            }
        }
        return new StorageException("S3 " + operation + " of " + describe(objectKey) + " failed: " + reason, e);
    }

    private String describe(String objectKey) {
        return "s3://" + location.bucket() + "/" + objectKey
                + (location.endpoint() == null ? "" : " at " + location.endpoint());
    }

    private static String requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidInputException("blob key must be 64 lower-case hex digits, got '" + key + "'");
        }
        return key;
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public void close() {
        S3Client c = client;
        if (ownsClient && c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + location + "]";
    }
}
