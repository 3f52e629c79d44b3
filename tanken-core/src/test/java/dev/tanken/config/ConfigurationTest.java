package dev.tanken.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import dev.tanken.NearbyQuery;
import dev.tanken.TankenConfig;
import dev.tanken.blob.BlobStores;
import dev.tanken.cache.CacheServices;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.db.DatabaseServices;
import dev.tanken.model.Durations;
import dev.tanken.model.GeoPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Configuration read from URLs and the environment, on core alone: this module's tests have no
 * backend on the class path, which is exactly what an embedder who forgot one sees.
 */
class ConfigurationTest {
    @ParameterizedTest
    @CsvSource({"postgresql://u@h:5432/db, tanken-postgres", "sqlite:/tmp/x.db, tanken-sqlite",
            "jdbc:postgresql://h/db, tanken-postgres"})
    void aDatabaseUrlWithoutItsBackendNamesTheArtifact(String url, String artifact) {
        assertThatThrownBy(() -> DatabaseServices.open(url))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dev.tanken:" + artifact);
    }

    @Test
    void cacheAndBlobUrlsWithoutTheirBackendNameTheArtifact() {
        assertThatThrownBy(() -> CacheServices.open("redis-cluster://h:7000,h:7001"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dev.tanken:tanken-redis");
        assertThatThrownBy(() -> BlobStores.open("s3://bucket?endpoint=http://h:9000"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dev.tanken:tanken-s3");
    }

    @Test
    void credentialsInAUrlNeverReachTheMessage() {
        assertThatThrownBy(() -> DatabaseServices.open("postgresql://tanken:s3cret@h/db"))
                .hasMessageNotContaining("s3cret").hasMessageContaining("tanken:***@h");
    }

    @Test
    void tierSettingsInTheCacheUrlAreTakenOutOfIt() {
        TankenConfig c = TankenConfig.embedded(Path.of("/tmp/t"))
                .withCacheUrl("redis://h:6379?prefix=app&entry-ttl=10m&flush-batch-size=200&policy=write-around");
        assertThat(c.cacheUrl()).isEqualTo("redis://h:6379?prefix=app");
        assertThat(c.cacheOptions().entryTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.cacheOptions().flushBatchSize()).isEqualTo(200);
        assertThat(c.writePolicy()).isEqualTo(WritePolicy.WRITE_AROUND);
        assertThat(c.cacheOptions().defaultPolicy()).isEqualTo(WritePolicy.WRITE_AROUND);
    }

    @Test
    void tierSettingsComeFromTheEnvironment() {
        TankenConfig c = TankenConfig.fromEnvironment(Map.of("TANKEN_HOME", "/tmp/t",
                "TANKEN_CACHE_URL", "redis://h:6379", "TANKEN_WRITE_POLICY", "write-back",
                "TANKEN_CACHE_LEASE_TTL", "2s", "TANKEN_CACHE_WRITE_BACK_FALLBACK", "true"));
        assertThat(c.cacheOptions().leaseTtl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.cacheOptions().writeBackFallback()).isTrue();
        assertThat(c.cacheOptions().defaultPolicy()).isEqualTo(WritePolicy.WRITE_BACK);
    }

    @Test
    void aBadTierSettingIsNamed() {
        TankenConfig base = TankenConfig.embedded(Path.of("/tmp/t"));
        assertThatThrownBy(() -> base.withCacheUrl("redis://h:6379?flush-batch-size=lots"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("flush-batch-size");
        assertThatThrownBy(() -> base.withCacheUrl("redis://h:6379?entry-ttl=soon"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("entry-ttl 'soon' is not a duration");
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "5min, PT5M", "2h, PT2H", "3d, PT72H", "1w, PT168H",
            "PT30S, PT30S", "p3d, PT72H"})
    void oneDurationSyntax(String text, String iso) {
        assertThat(Durations.parse(text, "x")).isEqualTo(Duration.parse(iso));
    }

    @Test
    void aBadDurationSaysWhatItAccepts() {
        assertThatThrownBy(() -> Durations.parse("3 fortnights", "grace period"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("grace period '3 fortnights' is not a duration: use e.g. 30s, 5m, 2h, 3d, 1w or PT30S");
    }

    @Test
    void aNearbyQueryIsValidatedWhereItIsMade() {
        GeoPoint tokyo = GeoPoint.of(35.68, 139.76);
        assertThat(NearbyQuery.around(tokyo, 500).withLimit(5).limit()).isEqualTo(5);
        assertThatThrownBy(() -> NearbyQuery.around(tokyo, -1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NearbyQuery.around(tokyo, 500).withLimit(5_000))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("limit must be between 0 and 1000");
    }
}
