package dev.tanken.activity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The chain's canonical form must not change by a single byte: existing chains are verified
 * against it. The hashes below were computed by the earlier implementation (a Jackson tree of the
 * payload, written with its members sorted), and every random payload is compared byte for byte
 * with that implementation, kept here as {@link #treeCanonical}.
 */
class StoredEntryCanonicalTest {
    private static final String[] PAYLOADS = {
        "{}",
        "{\"flag\": {\"gid\": 7}, \"items\": [{\"qty\": 2, \"sku\": \"sku-1\"}], \"amount\": 12.50, \"currency\": \"EUR\","
                + " \"customer\": {\"id\": \"c-1\", \"tier\": \"gold\"}}",
        "{\"b\":1,\"a\":[3,{\"z\":null,\"y\":true,\"x\":false}],\"\\u00e9\":\"caf\\u00e9 \\ud83d\\ude00\",\"A\":-0.0,"
                + "\"big\":123456789012345678901234567890,\"e\":1.5E+3,\"n\":-9223372036854775808,\"q\":\"tab\\tquote\\\"\"}",
        "{\"dup\":1,\"dup\":2,\"\\ud83d\\ude00\":1,\"\\uffff\":2}",
    };

    /** Computed with the tree-based canonical form (commit 4c34ad6), chained from GENESIS. */
    private static final String[] GOLDEN = {
        "cf320fa8c7312708a13b0c052fcc95600ef644ea0e032d41c2413f8bf924c009",
        "07c8d715ea31d6cbfab6fd4d7edd131cb9e37745d00b5d13db0c30c58a2cb654",
        "3e00c9591754470a15217c14e28f2fddb20def2d5993bfb67876a99558d9917c",
        "81814ac6fefd750adc30cc86a9631b98ca105fb455af8a9f7f306a90b6f9d09f",
    };

    private static StoredEntry entry(int i, String payload) {
        return new StoredEntry("0190A000-0000-7000-8000-00000000000" + i, 1764000000000000L + i, "shop",
                "customer-" + i, "order.paid", "order", "o-" + i, i % 2 == 0 ? null : "order-" + i, payload);
    }

    @Test
    void hashesEqualThoseOfTheEarlierImplementation() {
        String previous = StoredEntry.GENESIS;
        for (int i = 0; i < PAYLOADS.length; i++) {
            previous = entry(i, PAYLOADS[i]).hash(previous, i + 1);
            assertThat(previous).as("link %d", i + 1).isEqualTo(GOLDEN[i]);
        }
    }

    @Test
    void canonicalFormEqualsTheTreeWrittenSorted() {
        for (int i = 0; i < PAYLOADS.length; i++) {
            StoredEntry e = entry(i, PAYLOADS[i]);
            assertThat(new String(e.canonical(i + 1), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(new String(treeCanonical(e, i + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void randomPayloadsGiveTheSameBytesAsTheTree() {
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 5_000; i++) {
            String payload = object(random, 0);
            if (random.nextInt(3) == 0) {
                // PostgreSQL's jsonb text: a space after every ':' and ','.
                payload = payload.replace(":", ": ").replace(",", ", ");
            }
            StoredEntry e = entry(i % 10, payload);
            assertThat(e.canonical(i + 1)).as(payload).isEqualTo(treeCanonical(e, i + 1));
            String previous = random.nextBoolean() ? StoredEntry.GENESIS : "ab".repeat(32);
            assertThat(e.hash(previous, i + 1)).isEqualTo(treeHash(e, previous, i + 1));
        }
    }

    @Test
    void largeObjectsAreSortedToo() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 300; i > 0; i--) {
            b.append(i == 300 ? "" : ",").append("\"k").append(i % 97).append("\":").append(i);
        }
        StoredEntry e = entry(1, b.append('}').toString());
        assertThat(e.canonical(3)).isEqualTo(treeCanonical(e, 3));
    }

    @Test
    void brokenPayloadsFailAsBefore() {
        for (String bad : new String[] {"", "  ", "{", "{\"a\":}", "[1,", "x", "{\"a\":" + "[".repeat(40)
                + "]".repeat(40) + "}"}) {
            StoredEntry e = entry(1, bad);
            String expected = failure(() -> treeCanonical(e, 1));
            assertThatThrownBy(() -> e.hash(StoredEntry.GENESIS, 1)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessage(expected);
            assertThatThrownBy(() -> e.canonical(1)).isInstanceOf(InvalidInputException.class).hasMessage(expected);
        }
    }

    @Test
    void textAfterThePayloadIsIgnoredAsBefore() {
        StoredEntry e = entry(1, "{\"b\":1,\"a\":2}} trailing");
        assertThat(e.canonical(1)).isEqualTo(treeCanonical(e, 1));
    }

    private static String failure(Runnable r) {
        try {
            r.run();
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure");
    }

    /** The canonical form as the earlier implementation wrote it: the payload parsed to a tree, written sorted. */
    private static byte[] treeCanonical(StoredEntry e, long seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartArray();
            g.writeNumber(seq);
            g.writeString(e.id().toLowerCase(java.util.Locale.ROOT));
            g.writeNumber(e.micros());
            g.writeString(e.app());
            g.writeString(e.actor());
            g.writeString(e.action());
            g.writeString(e.subjectType());
            g.writeString(e.subjectId());
            if (e.sourceId() == null) {
                g.writeNull();
            } else {
                g.writeString(e.sourceId());
            }
            Json.writeSorted(g, Json.parseStored(e.payload(), "the payload of activity entry " + e.id()));
            g.writeEndArray();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    private static String treeHash(StoredEntry e, String previous, long seq) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(java.util.HexFormat.of().parseHex(previous));
            sha.update(treeCanonical(e, seq));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }

    private static final String[] NAMES = {"a", "b", "B", "aa", "ab", "a\\u0000", "\\u00e9", "\\ud83d\\ude00",
        "\\uffff", "z", "amount", "id", "", "\\\"q\\\"", "x y"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
        "0.0", "-0.0", "0.00", "1.50", "12.5", "1e5", "1E-3", "1.5E+3", "-2.5e-10", "100000000000000000000.000001"};
    private static final String[] STRINGS = {"\"\"", "\"x\"", "\"caf\\u00e9\"", "\"\\ud83d\\ude00\"", "\"tab\\t\"",
        "\"q\\\"\\\\/\"", "\"\\u0001\\u001f\"", "\"日本語\"", "\"\\u2028\""};

    private static String object(SplittableRandom r, int depth) {
        int n = r.nextInt(depth == 0 ? 12 : 5);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add("\"" + NAMES[r.nextInt(NAMES.length)] + "\":" + value(r, depth + 1));
        }
        return "{" + String.join(",", members) + "}";
    }

    private static String value(SplittableRandom r, int depth) {
        int kind = r.nextInt(depth > 4 ? 6 : 8);
        return switch (kind) {
            case 0, 1 -> NUMBERS[r.nextInt(NUMBERS.length)];
            case 2, 3 -> STRINGS[r.nextInt(STRINGS.length)];
            case 4 -> r.nextBoolean() ? "true" : "false";
            case 5 -> "null";
            case 6 -> object(r, depth);
            default -> {
                List<String> items = new ArrayList<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    items.add(value(r, depth + 1));
                }
                yield "[" + String.join(",", items) + "]";
            }
        };
    }
}
