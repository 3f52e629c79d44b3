import dev.tanken.activity.internal.StoredEntry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** CPU time of hashing one entry for its link (canonical form + SHA-256), one thread. */
public class SealProbe {
    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int count = 100_000;
        StoredEntry[] entries = new StoredEntry[count];
        for (int i = 0; i < count; i++) {
            entries[i] = new StoredEntry("0190a000-0000-7000-8000-" + String.format("%012d", i), 1764000000000000L + i,
                    "shop", "customer-" + i, "order.paid", "order", "o-" + i, "order-" + i,
                    "{\"flag\": {\"gid\": " + (i % 1000) + "}, \"items\": [{\"qty\": 2, \"sku\": \"sku-" + i
                    + "\"}], \"amount\": 12.5, \"currency\": \"EUR\", \"customer\": {\"id\": \"c-" + i + "\", \"tier\": \"gold\"}}");
        }
        String prev = StoredEntry.GENESIS;
        for (int round = 0; round < 8; round++) {
            long cpu = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < count; i++) {
                prev = entries[i].hash(prev, i + 1);
            }
            if (round >= 5) {
                System.out.printf("round %d: %.2f us of CPU per link hash%n", round, (mx.getCurrentThreadCpuTime() - cpu) / 1e3 / count);
            }
        }
        System.out.println(prev);
    }
}
