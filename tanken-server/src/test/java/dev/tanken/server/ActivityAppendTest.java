package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.api.v1.AppendOutcome;
import dev.tanken.api.v1.AppendRequest;
import dev.tanken.api.v1.AppendResponse;
import dev.tanken.api.v1.IngestEntry;
import dev.tanken.server.testing.EmbeddedServer;
import dev.tanken.server.testing.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ActivityService.Append over the Connect protocol: application keys, per-entry outcomes, idempotent retries. */
class ActivityAppendTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPEND = "/tanken.v1.ActivityService/Append";
    private static EmbeddedServer server;
    private static Http http;
    private static String billingKey;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.dev();
        http = new Http(server.uri());
        billingKey = server.tanken().activity().ingest().addApp("billing").key();
        server.tanken().activity().ingest().addApp("shop");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String entry(String id, String action, String payload) {
        return "{\"id\":\"" + id + "\",\"occurredAt\":\"2025-03-01T09:00:00Z\",\"actor\":\"alice\",\"action\":\""
                + action + "\",\"subjectType\":\"invoice\",\"subjectId\":\"inv-1\",\"payload\":" + payload + "}";
    }

    private static HttpResponse<String> append(String key, String... entries) {
        return http.json(APPEND, "{\"entries\":[" + String.join(",", entries) + "]}", "Authorization",
                "Bearer " + key);
    }

    private static List<ActivityEntry> stored(String action) {
        return server.tanken().activity().search(ActivityQuery.newestFirst(100)).items().stream()
                .filter(e -> e.action().equals(action)).toList();
    }

    @Test
    void appendSaysWhatBecameOfEachEntryAndARetryStoresNothingTwice() throws Exception {
        String[] batch = {entry("a1", "invoice.paid", "{\"amount\":3,\"lines\":[{\"n\":1}]}"),
            entry("a2", "invoice.paid", "{}"), entry("a3", "Invoice Paid", "{}")};

        HttpResponse<String> r = append(billingKey, batch);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("stored").asInt()).isEqualTo(2);
        assertThat(body.get("rejected").asInt()).isEqualTo(1);
        JsonNode outcomes = body.get("outcomes");
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0).get("status").asText()).isEqualTo("STATUS_STORED");
        assertThat(outcomes.get(0).get("id").asText()).isEqualTo("a1");
        assertThat(outcomes.get(2).get("status").asText()).isEqualTo("STATUS_REJECTED");
        assertThat(outcomes.get(2).get("index").asInt()).isEqualTo(2);
        assertThat(outcomes.get(2).get("reason").asText()).contains("action must be a dotted lower-case name");
        assertThat(outcomes.get(2).get("deadLetterId").asText()).hasSize(32);
        List<ActivityEntry> paid = stored("invoice.paid");
        assertThat(paid).hasSize(2).allSatisfy(e -> assertThat(e.app()).isEqualTo("billing"));
        // Struct numbers travel as doubles; a whole number is stored as the integer it was.
        assertThat(paid.stream().map(ActivityEntry::payloadJson)).contains("{\"amount\":3,\"lines\":[{\"n\":1}]}");

        JsonNode again = JSON.readTree(append(billingKey, batch).body());

        assertThat(again.get("duplicate").asInt()).isEqualTo(2);
        assertThat(again.path("stored").asInt()).isZero();
        assertThat(stored("invoice.paid")).hasSize(2);
        assertThat(server.tanken().activity().ingest().deadLetters(100)).hasSize(1);
    }

    @Test
    void aPayloadThatIsNoObjectIsNoValidMessage() throws Exception {
        // The payload is a protobuf Struct: an array cannot even be said, so the whole call is refused.
        HttpResponse<String> r = append(billingKey, entry("x1", "invoice.odd", "[1]"));
        assertError(r, 400, "invalid_argument").contains("not a valid tanken.v1.AppendRequest");
        assertThat(stored("invoice.odd")).isEmpty();
    }

    @Test
    void theKeysAppIsTheEntriesApp() throws Exception {
        String other = "{\"id\":\"s1\",\"app\":\"shop\",\"occurredAt\":\"2025-03-01T09:00:00Z\",\"actor\":\"alice\","
                + "\"action\":\"order.placed\",\"subjectType\":\"order\",\"subjectId\":\"o-1\"}";
        JsonNode body = JSON.readTree(append(billingKey, other).body());

        assertThat(body.get("outcomes").get(0).get("reason").asText())
                .contains("app 'shop' is not the application of the key ('billing')");
        assertThat(stored("order.placed")).isEmpty();
    }

    @Test
    void binaryProtoCallsWork() throws Exception {
        AppendRequest request = AppendRequest.newBuilder().addEntries(IngestEntry.newBuilder().setId("p1")
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_740_000_000L))
                .setActor("bob").setAction("invoice.voided").setSubjectType("invoice").setSubjectId("inv-9")
                .setPayload(Struct.newBuilder().putFields("why", Value.newBuilder().setStringValue("typo").build())))
                .build();
        HttpResponse<byte[]> r = http.bytes(http.request(APPEND).header("Content-Type", "application/proto")
                .header("Authorization", "Bearer " + billingKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build());

        assertThat(r.statusCode()).isEqualTo(200);
        AppendResponse response = AppendResponse.parseFrom(r.body());
        assertThat(response.getOutcomes(0).getStatus()).isEqualTo(AppendOutcome.Status.STATUS_STORED);
        assertThat(stored("invoice.voided")).singleElement()
                .satisfies(e -> assertThat(e.payload().get("why").asText()).isEqualTo("typo"));
    }

    @Test
    void withoutAValidKeyTheCallIsUnauthenticated() throws Exception {
        String one = entry("u1", "invoice.refused", "{}");
        HttpResponse<String> none = http.json(APPEND, "{\"entries\":[" + one + "]}");
        assertError(none, 401, "unauthenticated").contains("Authorization: Bearer KEY");
        assertError(append(billingKey + "x", one), 401, "unauthenticated").contains("not valid");
        assertError(append("", one), 401, "unauthenticated");
        HttpResponse<String> basic = http.json(APPEND, "{\"entries\":[" + one + "]}", "Authorization", "Basic eDp5");
        assertError(basic, 401, "unauthenticated").contains("Bearer");
        // A signed-in user is no application.
        HttpResponse<String> user = http.json(APPEND, "{\"entries\":[" + one + "]}", "X-Tanken-User", "alice");
        assertError(user, 401, "unauthenticated");

        String removedKey = server.tanken().activity().ingest().addApp("gone").key();
        server.tanken().activity().ingest().removeApp("gone");
        assertError(append(removedKey, one), 401, "unauthenticated");
        assertThat(stored("invoice.refused")).isEmpty();
    }

    @Test
    void anAppKeySignsInNoUser() throws Exception {
        HttpResponse<String> r = http.json("/tanken.v1.PostsService/AddLike", "{}", "Authorization",
                "Bearer " + billingKey);
        assertError(r, 401, "unauthenticated");
    }

    @Test
    void batchesOfNoneOrTooManyEntriesAreInvalid() throws Exception {
        assertError(append(billingKey), 400, "invalid_argument").contains("at least one entry");
        String[] many = new String[1001];
        for (int i = 0; i < many.length; i++) {
            many[i] = entry("m" + i, "invoice.many", "{}");
        }
        assertError(append(billingKey, many), 400, "invalid_argument").contains("at most 1000 entries");
        assertThat(stored("invoice.many")).isEmpty();
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertError(HttpResponse<String> r, int status,
            String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.get("code").asText()).as(r.body()).isEqualTo(code);
        return assertThat(error.get("message").asText());
    }
}
