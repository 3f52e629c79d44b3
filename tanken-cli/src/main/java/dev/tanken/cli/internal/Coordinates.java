package dev.tanken.cli.internal;

import dev.tanken.model.GeoPoint;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Positions for people: six decimals (about 10 cm) is all a photo's GPS can claim. */
public final class Coordinates {
    private Coordinates() {
    }

    public static String format(GeoPoint p) {
        String s = degrees(p.latitude()) + "," + degrees(p.longitude());
        return p.altitude() == null ? s : s + " (" + BigDecimal.valueOf(p.altitude()).setScale(1, RoundingMode.HALF_EVEN)
                .stripTrailingZeros().toPlainString() + " m)";
    }

    static String degrees(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
