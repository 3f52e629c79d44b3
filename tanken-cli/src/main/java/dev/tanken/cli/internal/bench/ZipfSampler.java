package dev.tanken.cli.internal.bench;

import java.util.Arrays;
import java.util.Random;

/** Ranks 0..n-1 drawn with probability proportional to 1/(rank+1)^s, by inverting the CDF (thread-safe). */
public final class ZipfSampler {
    private final double[] cdf;

    public ZipfSampler(int n, double s) {
        cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
    }

    public int next(Random random) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return i >= 0 ? i : Math.min(cdf.length - 1, -i - 1);
    }

    /** Probability mass of the {@code k} most popular ranks: the hit ratio of a perfect cache of k entries. */
    public double share(int k) {
        return k <= 0 ? 0 : cdf[Math.min(k, cdf.length) - 1];
    }
}
