package dev.tanken.bench.report;

import java.util.Locale;

/** Number formatting for the report: three significant digits, so 0.237 ms and 1,860× read alike. */
final class Fmt {
    private Fmt() {
    }

    /** A measured value: three significant digits (thousands grouped from 1,000 up), "—" when absent. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "—";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%." + decimals(v) + "f", v);
    }

    /** A ratio such as "1.3" or "8.04": three significant digits without trailing zeros. */
    static String factor(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "—";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        String s = String.format(Locale.ROOT, "%." + decimals(v) + "f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    static String seconds(double s) {
        long whole = Math.round(s);
        if (whole >= 60) {
            return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
        }
        return whole + " s";
    }

    private static int decimals(double v) {
        if (v == 0) {
            return 0;
        }
        int magnitude = (int) Math.floor(Math.log10(Math.abs(v)));
        return Math.max(0, 2 - magnitude);
    }
}
