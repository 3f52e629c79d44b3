package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.UploadOptions;
import dev.tanken.cache.CacheServices;
import dev.tanken.cache.CacheStats;
import dev.tanken.cache.NearPostCache;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CacheTierOptions;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.model.PostId;
import dev.tanken.testing.RedisTestCluster;
import dev.tanken.testing.RedisTestNamespace;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code tanken cache stats} counts the reads of every process sharing the namespace, on one Redis and a Cluster. */
class CacheStatsSharedTest {
    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"server", "cluster"})
    void statsAddUpTheCountersOfEveryProcessOfTheNamespace(String redis) {
        String cacheUrl = redis.equals("cluster") ? RedisTestCluster.shared().url() : RedisTestNamespace.url();
        List<PostId> posts = new ArrayList<>();
        try (Tanken plain = Tanken.open(TankenConfig.embedded(home))) {
            for (int i = 0; i < 3; i++) {
                posts.add(plain.upload(TestPhotos.jpeg(35.68 + i * 0.001, 139.76, 100 + i), UploadOptions.by("sora"))
                        .post().id());
            }
        }
        CliRunner cli = new CliRunner(home).env("TANKEN_CACHE_URL", cacheUrl);
        try (PostCacheService cleanup = CacheServices.open(cacheUrl)) {
            JsonNode before = JsonLines.parse(cli.run("cache", "stats", "--json").out());
            assertThat(before.get("hits").asLong()).isZero();
            assertThat(before.get("misses").asLong()).isZero();

            // Two processes of the namespace (two tiers, each with its own cache connection) read posts.
            // The second one has a near cache, whose counters are shared too.
            long hits = 0;
            long misses = 0;
            NearPostCache.Stats nearOwn = null;
            for (int process = 0; process < 2; process++) {
                try (DatabaseService db = DatabaseServices.open(TankenConfig.embedded(home).databaseUrl());
                        CachingDatabaseService tier = CachingDatabaseService.owning(db,
                                CacheServices.open(process == 0 ? cacheUrl : cacheUrl + "&nearCache=100"),
                                CacheTierOptions.DEFAULTS)) {
                    for (int read = 0; read < 3; read++) {
                        assertThat(tier.findPosts(posts)).hasSize(3);
                    }
                    assertThat(tier.findPost(posts.get(0))).isPresent();
                    CacheStats own = tier.stats();
                    hits += own.hits();
                    misses += own.misses();
                    assertThat(own.nearCache().isPresent()).isEqualTo(process == 1);
                    if (process == 1) {
                        // Read last: the counts the close adds to the namespace (a later read would count more).
                        nearOwn = tier.nearCacheStats().orElseThrow();
                    }
                }
            }
            assertThat(hits).as("the second process reads what the first cached").isGreaterThanOrEqualTo(3);
            assertThat(misses).isGreaterThanOrEqualTo(3);

            CliRunner.Result stats = cli.run("cache", "stats", "--json");
            assertThat(stats.exitCode()).as(stats.toString()).isZero();
            JsonNode s = JsonLines.parse(stats.out());
            assertThat(s.get("hits").asLong()).isEqualTo(hits);
            assertThat(s.get("misses").asLong()).isEqualTo(misses);
            assertThat(s.get("hitRatio").asDouble()).isEqualTo(Math.round(10_000.0 * hits / (hits + misses)) / 10_000.0);
            assertThat(s.get("cacheErrors").asLong()).isZero();
            JsonNode nearJson = s.get("nearCache");
            assertThat(nearJson.get("hits").asLong()).isEqualTo(nearOwn.hits());
            assertThat(nearJson.get("misses").asLong()).isEqualTo(nearOwn.misses()).isPositive();
            // Redis may report a change after the figures were read and before the close added them.
            assertThat(nearJson.get("invalidations").asLong()).isGreaterThanOrEqualTo(nearOwn.invalidations());
            assertThat(nearJson.get("evictions").asLong()).isEqualTo(nearOwn.evictions());
            assertThat(nearJson.get("offPeriods").asLong()).isEqualTo(nearOwn.disconnections());

            CliRunner.Result table = cli.run("cache", "stats");
            assertThat(table.out()).containsPattern("hits\\s+" + hits + "\\n").containsPattern("misses\\s+" + misses + "\\n")
                    .containsPattern("near cache misses\\s+" + nearOwn.misses() + "\\n");

            assertThat(cli.run("cache", "flush", "--drop").exitCode()).isZero();
            JsonNode after = JsonLines.parse(cli.run("cache", "stats", "--json").out());
            assertThat(after.get("hits").asLong()).as("dropping the namespace starts the counters again").isZero();
            cleanup.deleteNamespace();
        }
    }
}
