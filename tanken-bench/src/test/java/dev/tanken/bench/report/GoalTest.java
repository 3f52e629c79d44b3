package dev.tanken.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoalTest {
    @Test
    void anUpperLimitIsMetByHowFarUnderItTheValueIs() {
        Goal g = Goal.atMost("b", "trips", 50, 100, "", "50");
        assertThat(g.status()).isEqualTo(Goal.Status.MET);
        assertThat(g.verdict()).isEqualTo("met by 2×");
        assertThat(Goal.atMost("b", "trips", 100, 100, "", "100").status()).isEqualTo(Goal.Status.MET);
        assertThat(Goal.atMost("b", "trips", 130, 100, "", "130").verdict()).isEqualTo("missed by 1.3×");
    }

    @Test
    void aRatioGoalIsMissedByWhatTheRatioLacks() {
        assertThat(Goal.atLeast("c", "wb", 2.5, 5, "").verdict()).isEqualTo("missed by 2×");
        assertThat(Goal.atLeast("c", "wb", 5, 5, "").verdict()).isEqualTo("met by 1×");
        assertThat(Goal.atLeast("c", "wb", 7.5, 5, "").target()).isEqualTo("≥ 5×");
    }

    @Test
    void aValueThatCouldNotBeComputedIsNotMeasured() {
        assertThat(Goal.atLeast("c", "wb", Double.NaN, 5, "no result").status()).isEqualTo(Goal.Status.NOT_MEASURED);
        assertThat(Goal.atMost("a", "p50", Double.NaN, 0.25, " ms", "no result").verdict()).isEqualTo("not measured");
    }

    @Test
    void aMeasuredGoalNeedsAFactorOfAtLeastOne() {
        assertThatThrownBy(() -> new Goal("a", "x", "≥ 1×", "0.5", Goal.Status.MET, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertThat(Fmt.num(0.2371)).isEqualTo("0.237");
        assertThat(Fmt.num(1.9)).isEqualTo("1.90");
        assertThat(Fmt.num(12.34)).isEqualTo("12.3");
        assertThat(Fmt.num(184.3)).isEqualTo("184");
        assertThat(Fmt.num(12345.6)).isEqualTo("12,346");
        assertThat(Fmt.num(0.000123)).isEqualTo("0.000123");
        assertThat(Fmt.num(Double.NaN)).isEqualTo("—");
        assertThat(Fmt.factor(1.30)).isEqualTo("1.3");
        assertThat(Fmt.factor(8.0)).isEqualTo("8");
        assertThat(Fmt.factor(1.044)).isEqualTo("1.04");
        assertThat(Fmt.seconds(75)).isEqualTo("1 min 15 s");
    }

    @Test
    void unitsConvertToMillisecondsAndOperationsPerSecond() {
        assertThat(Units.toMillis(250, "us/op")).isEqualTo(0.25);
        assertThat(Units.toMillis(2, "s/op")).isEqualTo(2000);
        assertThat(Units.toOpsPerSecond(3, "ops/ms")).isEqualTo(3000);
        assertThatThrownBy(() -> Units.toMillis(1, "ops/s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Units.toOpsPerSecond(1, "ms/op")).isInstanceOf(IllegalArgumentException.class);
    }
}
