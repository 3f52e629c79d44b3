package dev.tanken.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.Tanken;
import dev.tanken.UploadOptions;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.Actions;
import dev.tanken.blob.FileSystemBlobStore;
import dev.tanken.model.Page;
import dev.tanken.sqlite.SqliteDatabaseService;
import dev.tanken.model.Post;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XReadGroupParams;

/** The stream and its worker in one JVM, on the shared Redis and an embedded log. */
class ActivityWorkerTest {
    @TempDir
    Path dir;

    private SqliteDatabaseService db;
    private RedisTestStream redis;

    @BeforeEach
    void open() {
        db = SqliteDatabaseService.open(dir.resolve("tanken.db"));
        redis = new RedisTestStream();
    }

    @AfterEach
    void close() {
        redis.close();
        db.close();
    }

    private ActivityWorker worker(String consumer, Duration claimIdle, ActivityLog log) {
        return new ActivityWorker(redis.stream, log, new ActivityWorker.Options(consumer, 10, Duration.ofMillis(50),
                claimIdle));
    }

    private List<ActivityEntry> publish(int n) {
        List<ActivityEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ActivityEntry e = ActivityEntry.now("aiko", "post.like", "post", "p" + i,
                    ActivityEntry.newPayload().put("i", i).put("note", "ü\"\\"));
            redis.stream.publish(e);
            out.add(e);
        }
        return out;
    }

    private static void drain(ActivityWorker w) {
        while (w.processBatch() > 0) {
            // keep going until a read comes back empty
        }
    }

    @Test
    void theWorkerStoresEveryPublishedEntryAndEmptiesTheStream() {
        List<ActivityEntry> entries = publish(25);
        ActivityWorker w = worker("w1", Duration.ofMinutes(1), db.activityLog());
        drain(w);
        for (ActivityEntry e : entries) {
            assertThat(db.activityLog().find(e.id())).contains(e);
        }
        assertThat(w.stats()).isEqualTo(new ActivityWorker.Stats(25, 0, 0, 0));
        assertThat(redis.stream.length()).isZero();
        assertThat(redis.stream.pendingCount()).isZero();
    }

    @Test
    void aStartingWorkerClaimsAbandonedEntriesAtOnceAndLaterOnesOnceIdle() throws Exception {
        List<ActivityEntry> entries = publish(5);
        redis.stream.ensureGroup();
        // A consumer reads the entries and dies before acknowledging them.
        try (UnifiedJedis raw = redis.raw()) {
            raw.xreadGroup(RedisActivityStream.GROUP, "ghost", XReadGroupParams.xReadGroupParams().count(5),
                    Map.of(redis.key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        }
        assertThat(redis.stream.pendingCount()).isEqualTo(5);
        ActivityWorker w = worker("w2", Duration.ofMinutes(10), db.activityLog());
        assertThat(w.processBatch()).as("claimed at start, without waiting the 10 minutes").isEqualTo(5);
        assertThat(db.activityLog().count()).isEqualTo(5);
        assertThat(db.activityLog().find(entries.get(4).id())).isPresent();
        assertThat(redis.stream.pendingCount()).isZero();

        // Once running, another consumer's delivery is its own until it has been idle for claimIdle.
        publish(2);
        try (UnifiedJedis raw = redis.raw()) {
            raw.xreadGroup(RedisActivityStream.GROUP, "ghost", XReadGroupParams.xReadGroupParams().count(2),
                    Map.of(redis.key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        }
        assertThat(w.processBatch()).isZero();
        assertThat(redis.stream.pendingCount()).isEqualTo(2);
        ActivityWorker restarted = worker("w2b", Duration.ofMinutes(10), db.activityLog());
        drain(restarted);
        assertThat(db.activityLog().count()).isEqualTo(7);
        assertThat(redis.stream.pendingCount()).isZero();
    }

    @Test
    void undecodableEntriesGoToTheDeadLetterStreamWithoutBlockingTheRest() {
        publish(2);
        try (UnifiedJedis raw = redis.raw()) {
            raw.xadd(redis.key, StreamEntryID.NEW_ENTRY, Map.of("id", "not-a-uuid", "payload", "{"));
        }
        publish(2);
        ActivityWorker w = worker("w3", Duration.ofMinutes(1), db.activityLog());
        drain(w);
        assertThat(db.activityLog().count()).isEqualTo(4);
        assertThat(w.stats().deadLettered()).isEqualTo(1);
        try (UnifiedJedis raw = redis.raw()) {
            assertThat(raw.xlen(redis.stream.deadLetterKey())).isEqualTo(1);
        }
        assertThat(redis.stream.pendingCount()).isZero();
    }

    @Test
    void aFailedWriteLeavesTheBatchPendingUntilAWriteSucceeds() {
        List<ActivityEntry> entries = publish(3);
        AtomicBoolean databaseDown = new AtomicBoolean(true);
        ActivityLog flaky = new ForwardingLog(db.activityLog()) {
            @Override
            public int appendAll(Collection<ActivityEntry> batch) {
                if (databaseDown.get()) {
                    throw new StorageException("simulated: database unreachable");
                }
                return super.appendAll(batch);
            }
        };
        ActivityWorker w = worker("w4", Duration.ofMinutes(1), flaky);
        assertThatThrownBy(w::processBatch).isInstanceOf(StorageException.class);
        assertThat(redis.stream.pendingCount()).isEqualTo(3);
        databaseDown.set(false);
        drain(w);
        assertThat(db.activityLog().find(entries.get(0).id())).isPresent();
        assertThat(db.activityLog().count()).isEqualTo(3);
        assertThat(w.stats().failedBatches()).isEqualTo(1);
        assertThat(redis.stream.pendingCount()).isZero();
    }

    @Test
    void badUrlsKeysAndOptionsAreRefused() {
        assertThatThrownBy(() -> RedisActivityStream.open("http://x", "k")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisActivityStream.open("redis://", "k")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> RedisActivityStream.open("redis://h:1/x", "k")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("database number");
        assertThatThrownBy(() -> RedisActivityStream.open(redis.url, "bad key")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new ActivityWorker.Options("a b", 10, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new ActivityWorker.Options("w", 0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(InvalidInputException.class);
    }

    /** Delegates to a real log; tests override one method to inject a failure. */
    private static class ForwardingLog implements ActivityLog {
        private final ActivityLog delegate;

        ForwardingLog(ActivityLog delegate) {
            this.delegate = delegate;
        }

        @Override public int appendAll(Collection<ActivityEntry> entries) { return delegate.appendAll(entries); }
        @Override public Optional<ActivityEntry> find(UUID id) { return delegate.find(id); }
        @Override public Page<ActivityEntry> search(ActivityQuery query) { return delegate.search(query); }
        @Override public long load(Iterator<ActivityEntry> entries, int chunkSize) { return delegate.load(entries, chunkSize); }
        @Override public long count() { return delegate.count(); }
        @Override public void close() { delegate.close(); }
    }
}
