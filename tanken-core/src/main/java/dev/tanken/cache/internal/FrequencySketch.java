package dev.tanken.cache.internal;

/**
 * An approximate access counter (count-min sketch, four rows) with periodic halving, as in
 * TinyLFU: it estimates how often a key was requested lately in a few bytes per cached entry, so an
 * admission policy can prefer keys that are requested more often than the ones they would replace.
 */
public final class FrequencySketch {
    private static final int ROWS = 4;
    private static final long[] SEEDS = {0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L,
        0xD6E8FEB86659FD93L};

    private final int[][] table;
    private final int mask;
    private final long sampleSize;
    private long additions;

    /** Sized for about {@code capacity} distinct hot keys; counts are halved every 10 x capacity additions. */
    public FrequencySketch(int capacity) {
        int width = Integer.highestOneBit(Math.max(16, capacity * 4 - 1)) << 1;
        table = new int[ROWS][width];
        mask = width - 1;
        sampleSize = 10L * Math.max(1, capacity);
    }

    public void increment(Object key) {
        long h = spread(key.hashCode());
        for (int r = 0; r < ROWS; r++) {
            int i = index(h, r);
            if (table[r][i] < 15) {
                table[r][i]++;
            }
        }
        if (++additions >= sampleSize) {
            reset();
        }
    }

    public int frequency(Object key) {
        long h = spread(key.hashCode());
        int min = Integer.MAX_VALUE;
        for (int r = 0; r < ROWS; r++) {
            min = Math.min(min, table[r][index(h, r)]);
        }
        return min;
    }

    /** Ages the counts, so keys that were popular long ago do not stay admitted forever. */
    private void reset() {
        for (int[] row : table) {
            for (int i = 0; i < row.length; i++) {
                row[i] >>>= 1;
            }
        }
        additions /= 2;
    }

    private int index(long h, int row) {
        long x = (h + SEEDS[row]) * SEEDS[row];
        return (int) (x >>> 32) & mask;
    }

    private static long spread(int hash) {
        long x = hash * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }
}
