package dev.tanken.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tanken.StorageException;
import dev.tanken.db.Write;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import dev.tanken.postgres.internal.PostgresUrl;
import dev.tanken.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A read whose PostgreSQL backend is terminated while it runs (as an operator's
 * {@code pg_terminate_backend}, a failover or a server restart does) is run once more and
 * answers; the retry is counted. The read is held mid-call by a table lock, so the cut is not a
 * matter of timing.
 */
class PostgresReadRetryTest {
    @Test
    void aReadCutMidCallIsRetriedOnceAndCounted() throws Exception {
        String application = "tanken-retry-" + UUID.randomUUID().toString().substring(0, 8);
        try (PostgresTestDatabase db = PostgresTestDatabase.createMigrated();
                HikariDataSource pool = pool(db.schema(), application);
                PostgresDatabaseService service = PostgresDatabaseService.open(pool, db.schema());
                Connection admin = db.connect()) {
            UserRef u = service.createUser(User.create("kai", null)).ref();
            Post p = Post.create(u, "", new PictureRef("a".repeat(64), "image/jpeg", "a".repeat(64), 10, 10),
                    GeoPoint.of(35, 135), null, List.of());
            service.apply(new Write.CreatePost(p));
            assertThat(service.retriedReads()).isZero();

            admin.setAutoCommit(false);
            try (Statement s = admin.createStatement()) {
                s.execute("LOCK TABLE posts IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Optional<Post>> read = CompletableFuture.supplyAsync(() -> service.findPost(p.id()));
            int terminated = terminateWaiting(admin, application, read);
            admin.commit(); // releases the lock: the retried read goes through
            assertThat(terminated).as("backends cut mid-read").isEqualTo(1);
            assertThat(read.get(30, TimeUnit.SECONDS)).contains(p);
            assertThat(service.retriedReads()).isEqualTo(1);

            // Cut twice, it fails: one retry, not a loop.
            try (Statement s = admin.createStatement()) {
                s.execute("LOCK TABLE posts IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Optional<Post>> twice = CompletableFuture.supplyAsync(() -> service.findPost(p.id()));
            assertThat(terminateWaiting(admin, application, twice)).isEqualTo(1);
            // The retry fails too: cut again at the lock, or on a pooled connection the first cut broke.
            terminateWaiting(admin, application, twice);
            admin.commit();
            assertThatThrownBy(() -> twice.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageException.class)
                    .hasMessageContaining("findPost");
            assertThat(service.retriedReads()).isEqualTo(1);
        }
    }

    private final java.util.Set<Integer> cut = new java.util.HashSet<>();

    /**
     * Terminates the backends of {@code application} waiting for a lock (not cut before), once one
     * waits; 0 if {@code read} ended first.
     */
    private int terminateWaiting(Connection admin, String application, CompletableFuture<?> read) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !read.isDone()) {
            String exclude = cut.isEmpty() ? "" : " AND pid NOT IN (" + cut.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(",")) + ")";
            int n = 0;
            try (Statement s = admin.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE application_name = '" + application + "' AND wait_event_type = 'Lock'"
                            + exclude)) {
                while (rs.next()) {
                    cut.add(rs.getInt(1));
                    n += rs.getBoolean(2) ? 1 : 0;
                }
            }
            if (n > 0) {
                return n;
            }
            Thread.sleep(20); // the read is on its way to the lock; there is no event to wait on
        }
        return 0;
    }

    private static HikariDataSource pool(String schema, String application) {
        PostgresUrl base = PostgresUrl.parse(PostgresTestDatabase.baseUrl());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(base.jdbcUrl());
        config.setUsername(base.user());
        config.setPassword(base.password());
        config.setMaximumPoolSize(2);
        config.addDataSourceProperty("currentSchema", PostgresUrl.quoteIdentifier(schema) + ",public");
        config.addDataSourceProperty("ApplicationName", application);
        return new HikariDataSource(config);
    }
}
