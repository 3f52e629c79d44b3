package dev.tanken.seed.internal;

import java.util.Random;

/**
 * Counts with a power-law tail (a shifted Pareto with exponent 2.5, rounded down): P(k) falls like
 * k^-2.5, as likes and comments per post do on photo sites, with the requested mean (rounding is
 * stochastic, so it keeps the mean; the cap trims the far tail a little).
 */
public final class PowerLaw {
    private static final double ALPHA = 2.5;
    /** E[U^(-1/(alpha-1)) - 1] = 1/(1 - 1/(alpha-1)) - 1 for U uniform on (0, 1]. */
    private static final double UNIT_MEAN = 2.0;

    private final double scale;
    private final int cap;

    public PowerLaw(double mean, int cap) {
        this.scale = mean / UNIT_MEAN;
        this.cap = cap;
    }

    public int next(Random random) {
        if (scale == 0) {
            return 0;
        }
        double u = 1 - random.nextDouble(); // (0, 1]
        double value = scale * (Math.pow(u, -1 / (ALPHA - 1)) - 1);
        return (int) Math.min(cap, Math.floor(value + random.nextDouble()));
    }
}
