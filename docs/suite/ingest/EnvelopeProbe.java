import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.activity.internal.Envelope;
import dev.tanken.activity.internal.Json;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** CPU time of the envelope rules per entry (one thread), on the bench's entries: stream fields to tree, then check. */
public class EnvelopeProbe {
    public static void main(String[] args) {
        int count = 100_000;
        SplittableRandom random = new SplittableRandom(42);
        String[] tiers = {"basic", "gold", "platinum"};
        String[] currencies = {"EUR", "JPY", "USD"};
        Instant base = Instant.now().minusSeconds(3600);
        List<String[]> fields = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fields.add(new String[] {"order-" + System.nanoTime() + "-" + i, base.plusMillis(i).toString(),
                    "customer-" + random.nextInt(100_000), "o-" + random.nextInt(1_000_000),
                    "{\"amount\":" + random.nextInt(1, 100_000) / 100.0 + ",\"currency\":\"" + currencies[random.nextInt(3)]
                    + "\",\"customer\":{\"id\":\"c-" + random.nextInt(100_000) + "\",\"tier\":\"" + tiers[random.nextInt(3)]
                    + "\"},\"items\":[{\"sku\":\"sku-" + random.nextInt(5000) + "\",\"qty\":" + random.nextInt(1, 5)
                    + "}],\"flag\":{\"gid\":" + random.nextInt(1000) + "}}"});
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Set<String> apps = Set.of("shop");
        long sink = 0;
        for (int round = 0; round < 8; round++) {
            long cpu = mx.getCurrentThreadCpuTime();
            Instant now = Instant.now();
            for (String[] f : fields) {
                ObjectNode o = Json.nodes().objectNode();
                o.put("id", f[0]);
                o.put("occurredAt", f[1]);
                o.put("app", "shop");
                o.put("actor", f[2]);
                o.put("action", "order.paid");
                o.put("subjectType", "order");
                o.put("subjectId", f[3]);
                o.set("payload", Json.parse(f[4], "payload"));
                Envelope.Checked c = Envelope.check(o, null, apps, now);
                sink += c.accepted() == null ? 1 : c.accepted().entry().payloadJson().length();
            }
            double us = (mx.getCurrentThreadCpuTime() - cpu) / 1e3 / count;
            if (round >= 3) {
                System.out.printf("round %d: %.2f us of CPU per entry (parse + envelope)%n", round, us);
            }
        }
        System.out.println("sink " + sink);
    }
}
