package dev.tanken.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written name checks accept exactly what the patterns they stand for accept. */
class ActivityEntryNamesTest {
    private static final String ALPHABET = "abyz09_-.AZ \t\u00e9\u0000/";

    private static List<String> candidates() {
        List<String> out = new ArrayList<>(List.of("", "a", "z", "0", "_", "-", ".", "a.", ".a", "a..b", "a.b",
                "post.like", "a.b.c.d.e.f.g.h", "a.b.c.d.e.f.g.h.i", "a_b-c", "a-b.c", "order.paid", "shop",
                "tanken", "a" + "b".repeat(63), "a" + "b".repeat(64), "a" + "b".repeat(31), "a" + "b".repeat(32),
                "a.0", "a.b_", "a.B", "Ab", "a b"));
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(1 + r.nextInt(70));
            for (int k = 0; k < n; k++) {
                b.append(ALPHABET.charAt(r.nextInt(r.nextBoolean() ? 12 : ALPHABET.length())));
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void actionsAsThePattern() {
        for (String s : candidates()) {
            assertThat(ActivityEntry.isAction(s)).as("'%s'", s).isEqualTo(ActivityEntry.ACTION.matcher(s).matches());
        }
    }

    @Test
    void appsAndSubjectTypesAsThePatterns() {
        for (String s : candidates()) {
            assertThat(ActivityEntry.isName(s, 64, true)).as("'%s'", s).isEqualTo(ActivityEntry.APP.matcher(s).matches());
            assertThat(ActivityEntry.isName(s, 32, false)).as("'%s'", s)
                    .isEqualTo(ActivityEntry.SUBJECT_TYPE.matcher(s).matches());
        }
    }
}
