package dev.tanken.redis;

import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityLog;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import dev.tanken.model.Page;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Optional;
import java.util.UUID;

/**
 * A worker in a JVM of its own, for the crash test. Arguments: redis-url stream-key database-url
 * consumer batch-size mode, where mode is {@code drain} (run until the stream is empty, then exit)
 * or {@code hang-after-commit:N} / {@code hang-before-commit:N} (at the N-th batch, report and
 * then wait forever, so that the test can kill the JVM at exactly that point).
 *
 * <p>Reports on stdout, one line per event: {@code BATCH n size}, {@code HANG}, {@code DONE
 * written=W duplicates=D}.
 */
public final class WorkerProcess {
    private WorkerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[5];
        try (RedisActivityStream stream = RedisActivityStream.open(args[0], args[1]);
                DatabaseService db = DatabaseServices.open(args[2])) {
            int hangAt = mode.startsWith("hang") ? Integer.parseInt(mode.substring(mode.indexOf(':') + 1)) : -1;
            boolean afterCommit = mode.startsWith("hang-after-commit");
            ActivityLog log = new HangingLog(db.activityLog(), hangAt, afterCommit);
            ActivityWorker worker = new ActivityWorker(stream, log,
                    new ActivityWorker.Options(args[3], Integer.parseInt(args[4]), Duration.ofMillis(200),
                            Duration.ofMinutes(10)));
            int idle = 0;
            while (idle < 3) {
                idle = worker.processBatch() == 0 ? idle + 1 : 0;
            }
            ActivityWorker.Stats stats = worker.stats();
            System.out.println("DONE written=" + stats.written() + " duplicates=" + stats.duplicates());
            System.out.flush();
        }
    }

    /** The real log, with a stop at one batch: before its transaction or after its commit. */
    private static final class HangingLog implements ActivityLog {
        private final ActivityLog delegate;
        private final int hangAt;
        private final boolean afterCommit;
        private int batches;

        HangingLog(ActivityLog delegate, int hangAt, boolean afterCommit) {
            this.delegate = delegate;
            this.hangAt = hangAt;
            this.afterCommit = afterCommit;
        }

        @Override
        public int appendAll(Collection<ActivityEntry> entries) {
            batches++;
            if (batches == hangAt && !afterCommit) {
                hang();
            }
            int added = delegate.appendAll(entries);
            System.out.println("BATCH " + batches + " " + entries.size());
            System.out.flush();
            if (batches == hangAt) {
                hang();
            }
            return added;
        }

        private static void hang() {
            System.out.println("HANG");
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override public Optional<ActivityEntry> find(UUID id) { return delegate.find(id); }
        @Override public Page<ActivityEntry> search(ActivityQuery query) { return delegate.search(query); }
        @Override public long load(Iterator<ActivityEntry> entries, int chunkSize) { return delegate.load(entries, chunkSize); }
        @Override public long count() { return delegate.count(); }
        @Override public void close() { delegate.close(); }
    }
}
