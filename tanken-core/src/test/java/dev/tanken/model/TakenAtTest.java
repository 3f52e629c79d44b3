package dev.tanken.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class TakenAtTest {
    @Test
    void printsSecondsEvenWhenTheyAreZero() {
        assertThat(TakenAt.of(OffsetDateTime.parse("2024-04-06T08:30+09:00")).toString())
                .isEqualTo("2024-04-06T08:30:00+09:00");
        assertThat(TakenAt.local(LocalDateTime.parse("2024-04-06T08:30")).toString())
                .isEqualTo("2024-04-06T08:30:00");
    }

    @Test
    void keepsAFractionAndReadsBackAsTheSameTime() {
        TakenAt t = TakenAt.of(OffsetDateTime.parse("2024-04-06T08:30:05.25Z"));
        assertThat(t.toString()).isEqualTo("2024-04-06T08:30:05.25Z");
        assertThat(TakenAt.of(OffsetDateTime.parse(t.toString()))).isEqualTo(t);
    }
}
