package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tanken.model.GeoPoint;
import dev.tanken.server.testing.EmbeddedServer;
import dev.tanken.server.testing.Http;
import dev.tanken.testing.TestPhotos;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** UploadNewPost with an id from GetNewPostId: a retried upload creates one post and answers as the first did. */
class UploadRetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPLOAD = "/tanken.v1.PostsService/UploadNewPost";
    private static EmbeddedServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.dev();
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String newId() throws Exception {
        return JSON.readTree(http.json("/tanken.v1.PostsService/GetNewPostId", "{}").body()).get("postId").asText();
    }

    private static HttpResponse<String> upload(String user, String id, byte[] photo) {
        return http.json(UPLOAD, "{\"postId\":\"" + id + "\",\"picture\":\"" + Base64.getEncoder().encodeToString(photo)
                + "\",\"content\":\"retry me\",\"tags\":[\"a\"]}", "X-Tanken-User", user);
    }

    @Test
    void aRetriedUploadCreatesOnePostAndAnswersTheSame() throws Exception {
        String id = newId();
        byte[] photo = TestPhotos.jpeg(48.8584, 2.2945, 21);
        HttpResponse<String> first = upload("aiko", id, photo);
        HttpResponse<String> second = upload("aiko", id, photo);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode a = JSON.readTree(first.body()).get("post");
        JsonNode b = JSON.readTree(second.body()).get("post");
        assertThat(b).isEqualTo(a);
        assertThat(a.get("postId").asText()).isEqualTo(id);
        assertThat(server.tanken().nearby(GeoPoint.of(48.8584, 2.2945), 100, 10, null).items()).hasSize(1);
    }

    @Test
    void concurrentRetriesStillCreateOnePost() throws Exception {
        String id = newId();
        byte[] photo = TestPhotos.jpeg(-33.8568, 151.2153, 22);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> upload("ben", id, photo)));
            }
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> r = call.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(JSON.readTree(r.body()).get("post").get("postId").asText()).isEqualTo(id);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.tanken().nearby(GeoPoint.of(-33.8568, 151.2153), 100, 10, null).items()).hasSize(1);
    }

    @Test
    void anIdTakenByAnotherUploadIsAlreadyExists() throws Exception {
        String id = newId();
        assertThat(upload("chika", id, TestPhotos.jpeg(51.5007, -0.1246, 23)).statusCode()).isEqualTo(200);
        HttpResponse<String> otherPhoto = upload("chika", id, TestPhotos.jpeg(51.5007, -0.1246, 24));
        assertThat(otherPhoto.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(otherPhoto.body()).get("code").asText()).isEqualTo("already_exists");
        HttpResponse<String> otherUser = upload("dai", id, TestPhotos.jpeg(51.5007, -0.1246, 23));
        assertThat(otherUser.statusCode()).isEqualTo(409);
        assertThat(server.tanken().nearby(GeoPoint.of(51.5007, -0.1246), 100, 10, null).items()).hasSize(1);
    }

    @Test
    void idsThatGetNewPostIdCouldNotHaveMadeAreRefused() throws Exception {
        HttpResponse<String> v4 = upload("aiko", "0190f5c2-0000-4000-8000-000000000000", TestPhotos.jpeg(1, 1, 25));
        assertThat(v4.statusCode()).isEqualTo(400);
        HttpResponse<String> junk = upload("aiko", "../../etc/passwd", TestPhotos.jpeg(1, 1, 25));
        assertThat(junk.statusCode()).isEqualTo(400);
    }
}
