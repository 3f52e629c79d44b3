package dev.tanken.cli.internal;

import static dev.tanken.activity.PayloadCondition.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import dev.tanken.activity.PayloadCondition;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhereExpressionsTest {
    @Test
    void everyOperationHasAForm() {
        assertThat(WhereExpressions.parse("client.app=android"))
                .isEqualTo(PayloadCondition.eq(List.of("client", "app"), json("\"android\"")));
        assertThat(WhereExpressions.parse("flag.gid=42")).isEqualTo(PayloadCondition.eq(List.of("flag", "gid"), json("42")));
        assertThat(WhereExpressions.parse("a=\"42\"")).isEqualTo(PayloadCondition.eq(List.of("a"), json("\"42\"")));
        assertThat(WhereExpressions.parse("a=null")).isEqualTo(PayloadCondition.eq(List.of("a"), json("null")));
        assertThat(WhereExpressions.parse("a!=ios")).isEqualTo(PayloadCondition.ne(List.of("a"), json("\"ios\"")));
        assertThat(WhereExpressions.parse("n>3.5")).isEqualTo(PayloadCondition.gt(List.of("n"), json("3.5")));
        assertThat(WhereExpressions.parse("t<2025-06")).isEqualTo(PayloadCondition.lt(List.of("t"), json("\"2025-06\"")));
        assertThat(WhereExpressions.parse("flag?")).isEqualTo(PayloadCondition.exists(List.of("flag")));
        assertThat(WhereExpressions.parse("a=in:x,2,true"))
                .isEqualTo(PayloadCondition.in(List.of("a"), json("[\"x\",2,true]")));
        assertThat(WhereExpressions.parse("a=in:[\"x,y\", 1]"))
                .isEqualTo(PayloadCondition.in(List.of("a"), json("[\"x,y\",1]")));
        // A value may contain operator characters; only the first operator counts.
        assertThat(WhereExpressions.parse("eq=a=b")).isEqualTo(PayloadCondition.eq(List.of("eq"), json("\"a=b\"")));
    }

    @Test
    void backslashMakesTheNextCharacterPartOfTheName() {
        assertThat(WhereExpressions.parse("a\\.b=1").path()).containsExactly("a.b");
        assertThat(WhereExpressions.parse("x\\=y\\!\\?=1").path()).containsExactly("x=y!?");
        assertThat(WhereExpressions.parse("\\$\\.y.q[0]=1").path()).containsExactly("$.y", "q[0]");
        assertThat(WhereExpressions.parse("a\"b.c\\\\d?").path()).containsExactly("a\"b", "c\\d");
        assertThat(WhereExpressions.parse("x') OR 1\\=1 --=1").path()).containsExactly("x') OR 1=1 --");
    }

    @Test
    void malformedExpressionsAreRefused() {
        for (String bad : List.of("", "a", "a.=1", ".a=1", "a=", "a?x", "a>=1", "a\\", "a=in:", "a=in:x,,y",
                "a=in:{\"b\":1}")) {
            assertThatThrownBy(() -> WhereExpressions.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }
}
