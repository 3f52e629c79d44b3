import dev.tanken.bench.BenchCaches;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.PostCacheService;
import dev.tanken.cache.internal.PostCodec;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.*;

/**
 * CPU and wall time per post of the cache's fill call, by how many posts one call carries (1, 4,
 * 16), and of encoding a post, on 20,000 posts of the seeded dataset.
 *
 * <pre>
 * java -cp tanken-bench/target/tanken-bench.jar scripts/FillCallCost.java 'redis://127.0.0.1:6541?prefix=cr' \
 *   'postgresql://postgres@127.0.0.1:5432/test?schema=tanken_bench_100000'
 * </pre>
 */
public class FillCallCost {
    public static void main(String[] a) throws Exception {
        var mx = ManagementFactory.getThreadMXBean();
        List<PostId> ids = BenchCaches.syntheticIds(100000).subList(0, 20000);
        DatabaseService db = DatabaseServices.open(a[1]);
        List<Post> posts = db.findPosts(ids);
        PostCacheService cache = CacheServices.open(a[0]);
        for (int round = 0; round < 4; round++) {
            for (int k : new int[] {1, 4, 16}) {
                cache.deleteNamespace();
                int n = posts.size();
                long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                for (int i = 0; i + k <= n; i += k) {
                    List<PostCacheService.Fill> fills = new ArrayList<>(k);
                    for (int j = 0; j < k; j++) fills.add(new PostCacheService.Fill(posts.get(i + j), "0", "tok"));
                    cache.fill(fills, Duration.ofMinutes(5));
                }
                long c = mx.getCurrentThreadCpuTime() - c0, t = System.nanoTime() - t0;
                System.out.printf("round %d batch %2d: CPU %.1f us/fill, wall %.1f us/fill%n", round, k, c / 1e3 / n, t / 1e3 / n);
            }
            long c0 = mx.getCurrentThreadCpuTime();
            int bytes = 0;
            for (Post p : posts) bytes += PostCodec.encode(p).length;
            System.out.printf("encode: CPU %.2f us/post, %d bytes avg%n", (mx.getCurrentThreadCpuTime() - c0) / 1e3 / posts.size(), bytes / posts.size());
        }
        System.exit(0);
    }
}
