package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.internal.Uuid7;
import dev.tanken.server.testing.EmbeddedServer;
import dev.tanken.server.testing.Http;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ActivityService.Search over the Connect protocol: the CLI's filters, payload conditions, page
 * tokens bound to their search, and who sees what (a user their own Tanken entries, an application
 * with its key its own entries).
 */
class ActivitySearchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEARCH = "/tanken.v1.ActivityService/Search";
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private static EmbeddedServer server;
    private static Http http;
    private static String billingKey;
    private static String shopKey;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedServer.dev();
        http = new Http(server.uri());
        var ingest = server.tanken().activity().ingest();
        billingKey = ingest.addApp("billing").key();
        shopKey = ingest.addApp("shop").key();
        List<JsonNode> billing = new ArrayList<>();
        billing.add(entry("b1", 0, "aiko", "invoice.paid", "inv-1", "{\"amount\":5,\"currency\":\"EUR\"}"));
        billing.add(entry("b2", 10, "Ben Ito <ben@example.com>", "invoice.paid", "inv-2",
                "{\"amount\":12.5,\"currency\":\"JPY\",\"refund\":{\"reason\":\"late\"}}"));
        billing.add(entry("b3", 20, "aiko", "invoice.refund.issued", "inv-1", "{\"amount\":40,\"currency\":\"EUR\"}"));
        assertThat(ingest.append("billing", billing).outcomes())
                .allSatisfy(o -> assertThat(o.reason()).isNull());
        assertThat(ingest.append("shop", List.of(entry("s1", 30, "aiko", "order.shipped", "o-1", "{\"amount\":9}")))
                .outcomes()).allSatisfy(o -> assertThat(o.reason()).isNull());
        // Tanken's own entries: aiko's, and another user's.
        server.tanken().activity().append(new ActivityEntry(Uuid7.at(T0.plusSeconds(40)), T0.plusSeconds(40), "aiko",
                "post.like", "post", "p-1", ActivityEntry.parsePayload("{\"client\":{\"app\":\"web\"}}")));
        server.tanken().activity().append(new ActivityEntry(Uuid7.at(T0.plusSeconds(50)), T0.plusSeconds(50), "ben",
                "post.like", "post", "p-1", ActivityEntry.parsePayload("{}")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode entry(String id, int seconds, String actor, String action, String subject, String payload)
            throws Exception {
        return JSON.readTree("{\"id\":\"" + id + "\",\"occurredAt\":\"" + T0.plusSeconds(seconds) + "\",\"actor\":"
                + JSON.writeValueAsString(actor) + ",\"action\":\"" + action + "\",\"subjectType\":\"invoice\","
                + "\"subjectId\":\"" + subject + "\",\"payload\":" + payload + "}");
    }

    private static HttpResponse<String> asApp(String key, String request) {
        return http.json(SEARCH, request, "Authorization", "Bearer " + key);
    }

    private static HttpResponse<String> asUser(String user, String request) {
        return http.json(SEARCH, request, "X-Tanken-User", user);
    }

    /** The subject ids of the entries found, in order; fails on anything but a 200. */
    private static List<String> subjects(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        JSON.readTree(r.body()).path("entries").forEach(e -> out.add(e.get("subjectId").asText()));
        return out;
    }

    @Test
    void anApplicationSeesItsOwnEntriesOnlyWithEveryFilter() throws Exception {
        HttpResponse<String> all = asApp(billingKey, "{}");
        assertThat(subjects(all)).containsExactly("inv-1", "inv-2", "inv-1");
        JSON.readTree(all.body()).get("entries").forEach(e -> assertThat(e.get("app").asText()).isEqualTo("billing"));
        assertThat(subjects(asApp(billingKey, "{\"app\":\"billing\",\"actor\":\"aiko\"}"))).containsExactly("inv-1", "inv-1");
        assertThat(subjects(asApp(billingKey, "{\"actor\":\"Ben Ito <ben@example.com>\"}"))).containsExactly("inv-2");
        assertThat(subjects(asApp(billingKey, "{\"action\":\"invoice.refund.issued\"}"))).containsExactly("inv-1");
        assertThat(subjects(asApp(billingKey, "{\"subjectType\":\"invoice\",\"subjectId\":\"inv-2\"}")))
                .containsExactly("inv-2");
        assertThat(subjects(asApp(billingKey, "{\"since\":\"" + T0.plusSeconds(10) + "\",\"until\":\""
                + T0.plusSeconds(20) + "\"}"))).containsExactly("inv-2");
        assertThat(subjects(asApp(shopKey, "{}"))).containsExactly("o-1");
    }

    @Test
    void payloadConditionsTakePathsAsArraysAndValuesAsJson() throws Exception {
        assertThat(subjects(asApp(billingKey, where("OPERATION_GT", "[\"amount\"]", "10")))).containsExactly("inv-1", "inv-2");
        assertThat(subjects(asApp(billingKey, where("OPERATION_LT", "[\"amount\"]", "12.5")))).containsExactly("inv-1");
        assertThat(subjects(asApp(billingKey, where("OPERATION_EQ", "[\"currency\"]", "\"JPY\"")))).containsExactly("inv-2");
        assertThat(subjects(asApp(billingKey, where("OPERATION_NE", "[\"currency\"]", "\"JPY\""))))
                .containsExactly("inv-1", "inv-1");
        assertThat(subjects(asApp(billingKey, where("OPERATION_IN", "[\"amount\"]", "[5, 40]"))))
                .containsExactly("inv-1", "inv-1");
        assertThat(subjects(asApp(billingKey, "{\"where\":[{\"operation\":\"OPERATION_EXISTS\",\"path\":[\"refund\","
                + "\"reason\"]}]}"))).containsExactly("inv-2");
        // Conditions combine (AND), with each other and with the column filters.
        assertThat(subjects(asApp(billingKey, "{\"actor\":\"aiko\",\"where\":[{\"operation\":\"OPERATION_EQ\","
                + "\"path\":[\"currency\"],\"value\":\"EUR\"},{\"operation\":\"OPERATION_GT\",\"path\":[\"amount\"],"
                + "\"value\":10}]}"))).containsExactly("inv-1");
    }

    /**
     * A payload's numbers cross the API as a Struct's doubles; a whole number comes back the integer
     * the application wrote (as the log stores it), not 5.0, so JSON readers that tell integers from
     * fractions (a contract's "type": "integer", Python's json) read what was sent.
     */
    @Test
    void wholeNumbersInPayloadsComeBackAsIntegers() throws Exception {
        HttpResponse<String> r = asApp(billingKey, "{\"subjectId\":\"inv-2\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"amount\":12.5");
        HttpResponse<String> whole = asApp(billingKey, "{\"action\":\"invoice.refund.issued\"}");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        assertThat(whole.body()).contains("\"amount\":40,").doesNotContain("40.0");
        JsonNode amount = JSON.readTree(whole.body()).get("entries").get(0).get("payload").get("amount");
        assertThat(amount.isIntegralNumber()).as(amount.toString()).isTrue();
        // The rest of the answer is protobuf's JSON mapping as before.
        JsonNode entry = JSON.readTree(whole.body()).get("entries").get(0);
        assertThat(entry.get("occurredAt").asText()).isEqualTo(T0.plusSeconds(20).toString());
        assertThat(entry.get("actor").asText()).isEqualTo("aiko");
        HttpResponse<String> markup = asApp(billingKey, "{\"subjectId\":\"inv-2\"}");
        assertThat(markup.body()).doesNotContain("<", ">");
        assertThat(JSON.readTree(markup.body()).get("entries").get(0).get("actor").asText())
                .isEqualTo("Ben Ito <ben@example.com>");
        HttpResponse<String> user = asUser("aiko", "{}");
        assertThat(JSON.readTree(user.body()).get("entries").get(0).get("payload").get("client").get("app").asText())
                .isEqualTo("web");
    }

    private static String where(String operation, String path, String value) {
        return "{\"where\":[{\"operation\":\"" + operation + "\",\"path\":" + path + ",\"value\":" + value + "}]}";
    }

    @Test
    void aPageTokenContinuesItsOwnSearchOnly() throws Exception {
        JsonNode first = JSON.readTree(asApp(billingKey, "{\"limit\":2}").body());
        String token = first.get("nextPageToken").asText();
        assertThat(first.get("entries")).hasSize(2);
        assertThat(subjects(asApp(billingKey, "{\"limit\":2,\"pageToken\":\"" + token + "\"}"))).containsExactly("inv-1");
        assertError(asApp(billingKey, "{\"limit\":2,\"actor\":\"aiko\",\"pageToken\":\"" + token + "\"}"), 400,
                "invalid_argument").contains("cursor belongs to a search with other filters");
        // Another application's key cannot continue it: the token is bound to the app.
        assertError(asApp(shopKey, "{\"limit\":2,\"pageToken\":\"" + token + "\"}"), 400, "invalid_argument");
    }

    @Test
    void aUserSeesTheirOwnTankenEntriesOnly() throws Exception {
        // aiko also appears as an actor in billing's and shop's entries: those are not hers to read here.
        HttpResponse<String> r = asUser("aiko", "{}");
        assertThat(subjects(r)).containsExactly("p-1");
        assertThat(JSON.readTree(r.body()).get("entries").get(0).get("app").asText()).isEqualTo("tanken");
        assertThat(subjects(asUser("aiko", where("OPERATION_EQ", "[\"client\",\"app\"]", "\"web\"")))).containsExactly("p-1");
        assertError(asUser("aiko", "{\"app\":\"billing\"}"), 403, "permission_denied").contains("own Tanken entries");
        assertError(asUser("aiko", "{\"actor\":\"ben\"}"), 403, "permission_denied");
        assertError(asApp(billingKey, "{\"app\":\"shop\"}"), 403, "permission_denied").contains("its own entries");
        assertError(http.json(SEARCH, "{}"), 401, "unauthenticated");
        assertError(asApp(billingKey + "x", "{}"), 401, "unauthenticated").contains("not valid");
    }

    @Test
    void badConditionsAreInvalidArguments() throws Exception {
        assertError(asApp(billingKey, "{\"where\":[{\"path\":[\"amount\"],\"value\":1}]}"), 400, "invalid_argument")
                .contains("where[0] needs an operation");
        assertError(asApp(billingKey, where("OPERATION_GT", "[\"amount\"]", "true")), 400, "invalid_argument")
                .contains("where[0]").contains("needs a number or a string");
        assertError(asApp(billingKey, where("OPERATION_EQ", "[]", "1")), 400, "invalid_argument").contains("path");
        assertError(asApp(billingKey, "{\"where\":[{\"operation\":\"OPERATION_EXISTS\",\"path\":[\"a\"],\"value\":1}]}"),
                400, "invalid_argument").contains("takes no value");
        assertError(asApp(billingKey, "{\"action\":\"Not An Action\"}"), 400, "invalid_argument").contains("action");
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertError(HttpResponse<String> r, int status,
            String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.get("code").asText()).as(r.body()).isEqualTo(code);
        return assertThat(error.get("message").asText());
    }
}
