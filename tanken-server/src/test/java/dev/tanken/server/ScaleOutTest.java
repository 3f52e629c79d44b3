package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tanken.TankenConfig;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.server.testing.EmbeddedServer;
import dev.tanken.server.testing.Http;
import dev.tanken.testing.PostgresTestDatabase;
import dev.tanken.testing.RedisTestCluster;
import dev.tanken.testing.RedisTestNamespace;
import dev.tanken.testing.TestS3Server;
import dev.tanken.testing.TestPhotos;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two server instances on one PostgreSQL, one Redis and one blob store: they answer as one. */
class ScaleOutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NEARBY = "/tanken.v1.PostsService/GetPostsByLocation";

    @TempDir
    Path blobs;
    private PostgresTestDatabase database;
    private EmbeddedServer a;
    private EmbeddedServer b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (database != null) {
            database.drop();
        }
    }

    private void startTwo(WritePolicy policy) throws Exception {
        startTwo(policy, RedisTestNamespace.url(), "file:" + blobs);
    }

    private void startTwo(WritePolicy policy, String cacheUrl, String blobUrl) throws Exception {
        database = PostgresTestDatabase.create();
        TankenConfig config = new TankenConfig(Files.createTempDirectory("scale-out"), database.url(),
                blobUrl, null, cacheUrl, policy);
        ServerOptions options = ServerOptions.defaults().withRateLimit(0, 1);
        a = EmbeddedServer.start(config, options);
        b = EmbeddedServer.start(config, options);
    }

    private static String upload(EmbeddedServer server, String user, double lat, double lon, long seed)
            throws Exception {
        HttpResponse<String> r = new Http(server.uri()).json("/tanken.v1.PostsService/UploadNewPost",
                "{\"picture\":\"" + Base64.getEncoder().encodeToString(TestPhotos.jpeg(lat, lon, seed)) + "\"}",
                "X-Tanken-User", user);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("post").get("postId").asText();
    }

    private static List<String> nearby(EmbeddedServer server, double lat, double lon) throws Exception {
        HttpResponse<String> r = new Http(server.uri()).json(NEARBY, String.format(Locale.ROOT,
                "{\"location\":{\"latitude\":%f,\"longitude\":%f},\"radiusMeters\":200}", lat, lon));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("posts").findValuesAsText("postId");
    }

    private static long likes(EmbeddedServer server, String postId) throws Exception {
        HttpResponse<String> r = new Http(server.uri()).json("/tanken.v1.PostsService/GetPostsByPostIds",
                "{\"postIds\":[\"" + postId + "\"]}");
        JsonNode post = JSON.readTree(r.body()).get("posts").get(0);
        return post.has("likes") ? post.get("likes").asLong() : 0;
    }

    @Test
    void writeThroughAPostUploadedThroughOneIsFoundThroughTheOtherAtOnce() throws Exception {
        startTwo(WritePolicy.WRITE_THROUGH);
        String id = upload(a, "aiko", 43.0621, 141.3544, 31);
        assertThat(nearby(b, 43.0621, 141.3544)).containsExactly(id);
        // The picture is served by the instance that did not store it.
        HttpResponse<byte[]> thumb = new Http(b.uri()).bytes(new Http(b.uri()).request("/pictures/" + id + "/thumb")
                .GET().build());
        assertThat(thumb.statusCode()).isEqualTo(200);
    }

    @Test
    void writeBackAPostIsFoundThroughTheOtherAfterTheFlush() throws Exception {
        startTwo(WritePolicy.WRITE_BACK);
        String id = upload(a, "aiko", 34.6937, 135.5023, 32);
        a.tanken().flush();
        assertThat(nearby(b, 34.6937, 135.5023)).containsExactly(id);
        assertThat(b.tanken().cache().orElseThrow().database().findPost(new dev.tanken.model.PostId(
                java.util.UUID.fromString(id)))).isPresent();
        Http viaB = new Http(b.uri());
        assertThat(viaB.text(viaB.request("/readyz").GET().build()).body()).contains("\"cache\":\"ok\"");
        assertThat(viaB.text(viaB.request("/metrics").GET().build()).body())
                .contains("tanken_write_back_queue_length", "tanken_cache_hits_total",
                        "tanken_cache_database_round_trips_total");
    }

    @Test
    void withANearCacheAPostLikedThroughOneIsServedFreshByTheOtherAndCounted() throws Exception {
        startTwo(WritePolicy.WRITE_THROUGH, RedisTestNamespace.url() + "&nearCache=1000", "file:" + blobs);
        String id = upload(a, "aiko", 26.2124, 127.6809, 35);
        assertThat(likes(b, id)).isZero();
        new Http(a.uri()).json("/tanken.v1.PostsService/AddLike", "{\"postId\":\"" + id + "\"}", "X-Tanken-User", "fan");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (likes(b, id) != 1) {
            assertThat(System.nanoTime()).as("the like reaches the other instance's near cache").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        Http viaB = new Http(b.uri());
        assertThat(viaB.text(viaB.request("/metrics").GET().build()).body())
                .contains("tanken_near_cache_hits_total", "tanken_near_cache_misses_total",
                        "tanken_near_cache_invalidations_total", "tanken_near_cache_evictions_total",
                        "tanken_near_cache_off_periods_total", "tanken_near_cache_size", "tanken_near_cache_online");
    }

    @Test
    void onARedisClusterAndS3BothWritePoliciesShareOneStore() throws Exception {
        startTwo(WritePolicy.WRITE_BACK, RedisTestCluster.shared().url(), TestS3Server.shared().newBucketUrl());
        String id = upload(a, "aiko", 35.0116, 135.7681, 34);
        a.tanken().flush();
        assertThat(nearby(b, 35.0116, 135.7681)).containsExactly(id);
        assertThat(new Http(b.uri()).bytes(new Http(b.uri()).request("/pictures/" + id + "/large").GET().build())
                .statusCode()).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            new Http((i % 2 == 0 ? a : b).uri()).json("/tanken.v1.PostsService/AddLike", "{\"postId\":\"" + id + "\"}",
                    "X-Tanken-User", "fan-" + i);
        }
        a.tanken().flush();
        b.tanken().flush();
        assertThat(likes(a, id)).isEqualTo(10);
        assertThat(likes(b, id)).isEqualTo(10);
    }

    @Test
    void theRateLimitIsSharedThroughRedis() throws Exception {
        database = PostgresTestDatabase.create();
        String cache = RedisTestNamespace.url();
        TankenConfig config = new TankenConfig(Files.createTempDirectory("scale-out"), database.url(),
                "file:" + blobs, null, cache, WritePolicy.WRITE_THROUGH);
        // A refill of one call in a thousand seconds: only the burst of 3 is there to spend.
        ServerOptions options = ServerOptions.defaults().withRateLimit(0.001, 3).withSharedRateLimit(cache);
        a = EmbeddedServer.start(config, options);
        b = EmbeddedServer.start(config, options);
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(new Http((i % 2 == 0 ? a : b).uri()).json("/tanken.v1.PostsService/GetNewPostId", "{}",
                    "X-Tanken-User", "busy").statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429, 429, 429);
        assertThat(new Http(b.uri()).json("/tanken.v1.PostsService/GetNewPostId", "{}", "X-Tanken-User", "calm")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void likesSentAlternatelyToBothEndExact() throws Exception {
        startTwo(WritePolicy.WRITE_THROUGH);
        String id = upload(a, "aiko", 26.2124, 127.6792, 33);
        int users = 30;
        for (int i = 0; i < users; i++) {
            EmbeddedServer via = i % 2 == 0 ? a : b;
            HttpResponse<String> r = new Http(via.uri()).json("/tanken.v1.PostsService/AddLike",
                    "{\"postId\":\"" + id + "\"}", "X-Tanken-User", "fan-" + i);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            // The same like again, through the other instance, changes nothing.
            EmbeddedServer other = via == a ? b : a;
            assertThat(new Http(other.uri()).json("/tanken.v1.PostsService/AddLike", "{\"postId\":\"" + id + "\"}",
                    "X-Tanken-User", "fan-" + i).body()).as("false is left out of JSON, as proto3 does").isEqualTo("{}");
        }
        assertThat(likes(a, id)).isEqualTo(users);
        assertThat(likes(b, id)).isEqualTo(users);
    }
}
