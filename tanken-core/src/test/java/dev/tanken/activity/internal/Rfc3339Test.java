package dev.tanken.activity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The quick reading of common RFC 3339 times never disagrees with the formatter it stands in for. */
class Rfc3339Test {
    private static Instant formatter(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void agrees(String text) {
        Instant quick = Rfc3339.parseCommon(text);
        if (quick != null) {
            assertThat(quick).as(text).isEqualTo(formatter(text));
        }
    }

    @Test
    void readsTheCommonSpellingsAsTheFormatterDoes() {
        List<String> common = List.of("2025-03-01T09:00:00Z", "2025-03-01T18:00:00+09:00", "2025-03-01T09:00:00.1Z",
                "2025-03-01T09:00:00.123456Z", "2025-03-01T09:00:00.123456789-05:30", "1970-01-01T00:00:00Z",
                "2024-02-29T23:59:59.999999999+18:00", "2025-12-31T23:59:59-18:00", "2025-03-01T09:00:00-00:00");
        for (String text : common) {
            assertThat(Rfc3339.parseCommon(text)).as(text).isNotNull().isEqualTo(formatter(text));
        }
    }

    @Test
    void leavesEverythingElseToTheFormatter() {
        List<String> other = List.of("2025-02-29T09:00:00Z", "2025-13-01T09:00:00Z", "2025-03-01T24:00:00Z",
                "2025-03-01T09:60:00Z", "2025-03-01T09:00:60Z", "2025-03-01T09:00Z", "2025-03-01t09:00:00z",
                "2025-03-01T09:00:00.Z", "2025-03-01T09:00:00.1234567890Z", "2025-03-01T09:00:00+19:00",
                "2025-03-01T09:00:00+09:00:30", "2025-03-01T09:00:00+0900", "2025-03-01 09:00:00Z",
                "+12025-03-01T09:00:00Z", "2025-03-01T09:00:00", "2025-03-01T09:00:00ZZ", "2025-03-01T09:00:00+09:60",
                "２025-03-01T09:00:00Z", "2025-03-01T09:00:00.1٢Z");
        for (String text : other) {
            assertThat(Rfc3339.parseCommon(text)).as(text).isNull();
        }
    }

    @Test
    void agreesOnRandomlyMangledTimes() {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "0123456789-:.TZ+ tz";
        List<String> seeds = new ArrayList<>(List.of("2025-03-01T09:00:00Z", "2024-02-29T23:59:59.5+09:00",
                "1999-12-31T00:00:00.123456789-11:45"));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(s.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> s.setCharAt(at, c);
                    case 1 -> s.insert(at, c);
                    default -> s.deleteCharAt(at);
                }
            }
            agrees(s.toString());
        }
    }
}
