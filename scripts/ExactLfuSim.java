import java.util.*;

/** Admission with exact counts over the whole history (a bound for frequency-based admission). args N cap warm meas seed */
public class ExactLfuSim {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]), cap = Integer.parseInt(a[1]);
        long warm = Long.parseLong(a[2]), meas = Long.parseLong(a[3]);
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) { sum += 1.0 / (i + 1); cdf[i] = sum; }
        for (int i = 0; i < n; i++) cdf[i] /= sum;
        Random r = new Random(Long.parseLong(a[4]));
        int[] count = new int[n];
        boolean[] resident = new boolean[n];
        TreeSet<Long> byCount = new TreeSet<>(); // count << 32 | key
        int size = 0;
        long misses = 0;
        for (long i = 0; i < warm + meas; i++) {
            int k = Arrays.binarySearch(cdf, r.nextDouble());
            k = k >= 0 ? k : Math.min(n - 1, -k - 1);
            boolean hit = resident[k];
            if (hit) byCount.remove(((long) count[k] << 32) | k);
            count[k]++;
            if (hit) byCount.add(((long) count[k] << 32) | k);
            else {
                if (size < cap) { resident[k] = true; size++; byCount.add(((long) count[k] << 32) | k); }
                else {
                    long min = byCount.first();
                    if ((min >>> 32) < count[k]) {
                        byCount.pollFirst(); resident[(int) (min & 0xffffffffL)] = false;
                        resident[k] = true; byCount.add(((long) count[k] << 32) | k);
                    }
                }
                if (i >= warm) misses++;
            }
        }
        System.out.printf("N=%d cap=%d warm=%d meas=%d: exact-history LFU %.1f /1000%n", n, cap, warm, meas, 1000.0 * misses / meas);
    }
}
