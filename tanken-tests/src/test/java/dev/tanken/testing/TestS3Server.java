package dev.tanken.testing;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3-compatible server (S3Proxy over an in-memory store) on a free loopback port, with
 * SigV4 authentication switched on, for tests of the S3 blob store. Shared with other modules through
 * tanken-core's test-jar.
 *
 * <p>{@link #shared()} is started once per test JVM and stopped when the JVM exits; tests that stop or
 * restart a server (to fail an upload in the middle) start a private one with {@link #start()}. Each
 * test should use a {@link #newBucket() new bucket}, so tests never see each other's objects.
 */
public final class TestS3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "tanken-test";
    /** Has a '+' and a '/', as real AWS secrets do, to prove the URL keeps them intact. */
    public static final String SECRET_KEY = "s3cr3t+key/for-tests";

    private static TestS3Server shared;

    private final BlobStore store;
    private final int port;
    private S3Proxy proxy;

    private TestS3Server(int port) {
        this.store = new TransientNio2BlobStore();
        this.port = port;
        this.proxy = startProxy();
    }

    /** The server for this JVM, started on first use. */
    public static synchronized TestS3Server shared() {
        if (shared == null) {
            TestS3Server server = new TestS3Server(freePort());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop test S3 server"));
            shared = server;
        }
        return shared;
    }

    /** A server of the caller's own, which the caller stops. */
    public static TestS3Server start() {
        return new TestS3Server(freePort());
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Creates an empty bucket with a unique name and returns the name. */
    public String newBucket() {
        String bucket = "t-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        store.createContainer(bucket);
        return bucket;
    }

    /** The blob store URL of {@code bucket/prefix} on this server, with its credentials. */
    public String url(String bucket, String prefix) {
        return "s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint() + "&region=us-east-1"
                + "&accessKey=" + ACCESS_KEY + "&secretKey=" + URLEncoder.encode(SECRET_KEY, StandardCharsets.UTF_8);
    }

    /** A fresh bucket's URL. */
    public String newBucketUrl() {
        return url(newBucket(), "photos");
    }

    /** Object keys in a bucket, read directly from the server's store (not through S3). */
    public java.util.List<String> objectKeys(String bucket) {
        return store.list(bucket).contents().stream().map(o -> o.key()).toList();
    }

    /** Stops answering requests (connections are refused); the stored objects are kept. */
    public synchronized void stop() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop S3Proxy", e);
            }
            proxy = null;
        }
    }

    /** Serves the same objects again on the same port. */
    public synchronized void restart() {
        if (proxy == null) {
            proxy = startProxy();
        }
    }

    private S3Proxy startProxy() {
        S3Proxy p = S3Proxy.builder()
                .blobStore(store)
                .endpoint(endpoint())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0)
                .build();
        try {
            p.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!"STARTED".equals(p.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start on port " + port + ": " + p.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy on 127.0.0.1:" + port, e);
        }
        return p;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
