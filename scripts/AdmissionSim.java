import com.github.benmanes.caffeine.cache.*;
import java.util.*;

/**
 * The bench's access pattern (hit = getIfPresent, miss = put) on Caffeine alone: misses per 1000 reads.
 * args N cap warm measure seed [MEMORY]
 *
 * <p>MEMORY (default 1) lengthens the frequency sketch's memory that many times: Caffeine halves its
 * counts every 10 x maximum samples and sizes the sketch lazily, from the maximum it has when the cache
 * is first half full, and never shrinks it. So the cache is built MEMORY times larger, half filled
 * with keys the trace never reads, emptied and cut to the real capacity. This leans on Caffeine
 * 3.2.2's internals and is a measurement of what a longer memory would buy, not something to ship.
 */
public class AdmissionSim {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]), cap = Integer.parseInt(a[1]);
        int memory = a.length > 5 ? Integer.parseInt(a[5]) : 1;
        long warm = Long.parseLong(a[2]), meas = Long.parseLong(a[3]);
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) { sum += 1.0 / (i + 1); cdf[i] = sum; }
        for (int i = 0; i < n; i++) cdf[i] /= sum;
        double staticShare = cdf[cap - 1];
        Random r = new Random(Long.parseLong(a[4]));
        Cache<Integer, Boolean> c = Caffeine.newBuilder().maximumSize((long) cap * memory).executor(Runnable::run).build();
        if (memory > 1) {
            for (int d = 1; d <= cap * memory / 2 + 1; d++) c.put(-d, Boolean.TRUE);
            c.cleanUp();
            c.invalidateAll();
            c.cleanUp();
            c.policy().eviction().orElseThrow().setMaximum(cap);
        }
        // exact LFU over the whole history, admission by frequency vs victim (perfect-memory LFU)
        BitSet seen = new BitSet(n);
        long misses = 0, nonTop = 0, compulsory = 0;
        for (long i = 0; i < warm + meas; i++) {
            int k = Arrays.binarySearch(cdf, r.nextDouble());
            k = k >= 0 ? k : Math.min(n - 1, -k - 1);
            boolean hit = c.getIfPresent(k) != null;
            if (!hit) c.put(k, Boolean.TRUE);
            c.cleanUp();
            if (i >= warm) {
                if (!hit) misses++;
                if (k >= cap) nonTop++;
                else if (!seen.get(k)) compulsory++;
            }
            seen.set(k);
        }
        System.out.printf("N=%d cap=%d warm=%d meas=%d memory=%dx: W-TinyLFU %.1f /1000, static %.1f, static+compulsory %.1f, ratio %.3f / %.3f%n",
                n, cap, warm, meas, memory, 1000.0 * misses / meas, 1000 * (1 - staticShare), 1000.0 * (nonTop + compulsory) / meas,
                (double) misses / (meas * (1 - staticShare)), (double) misses / (nonTop + compulsory));
    }
}
