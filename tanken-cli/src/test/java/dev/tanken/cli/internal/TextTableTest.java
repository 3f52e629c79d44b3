package dev.tanken.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.model.GeoPoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void columnsLineUpEvenWithJapaneseText() {
        StringWriter text = new StringWriter();
        new TextTable(">DIST", "CAPTION", "TAGS")
                .add("5 m", "東京駅", "#station")
                .add("1.37 km", "Imperial Palace", "#東京")
                .print(new PrintWriter(text, true));

        List<String> lines = text.toString().lines().toList();
        // The TAGS column starts at the same terminal column on every line.
        int tagsColumn = TextTable.width(lines.get(0).substring(0, lines.get(0).indexOf("TAGS")));
        assertThat(TextTable.width(lines.get(1).substring(0, lines.get(1).indexOf("#station")))).isEqualTo(tagsColumn);
        assertThat(TextTable.width(lines.get(2).substring(0, lines.get(2).indexOf("#東京")))).isEqualTo(tagsColumn);
        assertThat(lines.get(1)).startsWith("    5 m");
    }

    @Test
    void aTableFitsTheTerminalByCuttingItsWidestTextColumn() {
        StringWriter text = new StringWriter();
        new TextTable(">LIKES", "CAPTION", "TAGS")
                .add("12345", "浅草寺の雷門、朝早くの静かな時間に撮影した一枚です", "#temple")
                .add("7", "a very long caption in English that will not fit in forty columns", "#東京")
                .print(new PrintWriter(text, true), 40);

        for (String line : text.toString().lines().toList()) {
            assertThat(TextTable.width(line)).as(line).isLessThanOrEqualTo(40);
        }
        assertThat(text.toString()).contains("12345", "#temple", "…");
        StringWriter whole = new StringWriter();
        new TextTable("CAPTION").add("x".repeat(100)).print(new PrintWriter(whole, true));
        assertThat(whole.toString()).contains("x".repeat(100));
    }

    @Test
    void cellsCannotDriveTheTerminalAndTimesStopAtTheSecond() {
        StringWriter text = new StringWriter();
        new TextTable("CAPTION").add("red\u001b[31m\u0007bell\nline").print(new PrintWriter(text, true));
        assertThat(text.toString()).doesNotContain("\u001b").doesNotContain("\u0007").contains("red\\e[31m\\x07bell line");

        assertThat(TextTable.time(java.time.Instant.parse("2025-03-01T09:00:00.123456Z"))).isEqualTo("2025-03-01T09:00:00Z");
        assertThat(TextTable.takenAt(dev.tanken.model.TakenAt.local(java.time.LocalDateTime.parse("2024-05-01T09:00"))))
                .isEqualTo("2024-05-01T09:00:00");
        assertThat(TextTable.takenAt(dev.tanken.model.TakenAt.of(java.time.OffsetDateTime.parse("2024-05-01T09:00+09:00"))))
                .isEqualTo("2024-05-01T09:00:00+09:00");
    }

    @Test
    void truncatesToTerminalColumnsWithAnEllipsis() {
        assertThat(TextTable.truncate("short", 10)).isEqualTo("short");
        assertThat(TextTable.truncate("a long caption\nover two lines", 10)).isEqualTo("a long ca…");
        assertThat(TextTable.truncate("浅草寺の雷門と仲見世通り", 9)).isEqualTo("浅草寺の…");
        assertThat(TextTable.width(TextTable.truncate("浅草寺の雷門と仲見世通り", 9))).isLessThanOrEqualTo(9);
    }

    @Test
    void coordinatesAreRoundedToSixDecimals() {
        assertThat(Coordinates.format(GeoPoint.of(35.681236, 139.76712500000002))).isEqualTo("35.681236,139.767125");
        assertThat(Coordinates.format(GeoPoint.of(-35, -60))).isEqualTo("-35,-60");
        assertThat(Coordinates.format(new GeoPoint(27.988056, 86.925278, 8848.86))).isEqualTo("27.988056,86.925278 (8848.9 m)");
    }
}
