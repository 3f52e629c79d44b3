package dev.tanken.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.activity.ActivityDeadLetter;
import dev.tanken.activity.ActivityIngest;
import dev.tanken.activity.IngestApp;
import dev.tanken.activity.IngestResult;
import dev.tanken.activity.IngestSchema;
import dev.tanken.activity.NewIngestApp;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.DatabaseServices;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An ingest worker in a JVM of its own, for the crash test. Arguments: redis-url stream-key
 * database-url consumer batch-size mode, where mode is {@code drain} (run until the stream is empty,
 * then exit) or {@code hang-after-commit:N} / {@code hang-before-commit:N} (at the N-th batch, report
 * and then wait forever, so that the test can kill the JVM at exactly that point).
 *
 * <p>Reports on stdout: {@code BATCH n size}, {@code HANG}, {@code DONE stored=S duplicates=D rejected=R}.
 */
public final class IngestWorkerProcess {
    private IngestWorkerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[5];
        try (RedisActivityStream stream = RedisActivityStream.openForIngest(args[0], args[1]);
                DatabaseService db = DatabaseServices.open(args[2])) {
            int hangAt = mode.startsWith("hang") ? Integer.parseInt(mode.substring(mode.indexOf(':') + 1)) : -1;
            boolean afterCommit = mode.startsWith("hang-after-commit");
            ActivityIngest ingest = new HangingIngest(db.activityLog().ingest(), hangAt, afterCommit);
            IngestWorker worker = new IngestWorker(stream, ingest,
                    new ActivityWorker.Options(args[3], Integer.parseInt(args[4]), Duration.ofMillis(200),
                            Duration.ofMinutes(10)));
            int idle = 0;
            while (idle < 3) {
                idle = worker.processBatch() == 0 ? idle + 1 : 0;
            }
            IngestWorker.Stats stats = worker.stats();
            System.out.println("DONE stored=" + stats.stored() + " duplicates=" + stats.duplicates() + " rejected="
                    + stats.rejected());
            System.out.flush();
        }
    }

    /** The real ingest path, with a stop at one batch: before its transaction or after its commit. */
    private static final class HangingIngest implements ActivityIngest {
        private final ActivityIngest delegate;
        private final int hangAt;
        private final boolean afterCommit;
        private int batches;

        HangingIngest(ActivityIngest delegate, int hangAt, boolean afterCommit) {
            this.delegate = delegate;
            this.hangAt = hangAt;
            this.afterCommit = afterCommit;
        }

        @Override
        public IngestResult append(List<? extends JsonNode> entries) {
            batches++;
            if (batches == hangAt && !afterCommit) {
                hang();
            }
            IngestResult r = delegate.append(entries);
            System.out.println("BATCH " + batches + " " + entries.size());
            System.out.flush();
            if (batches == hangAt) {
                hang();
            }
            return r;
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

        @Override public IngestResult append(String app, List<? extends JsonNode> entries) { return delegate.append(app, entries); }
        @Override public NewIngestApp addApp(String name) { return delegate.addApp(name); }
        @Override public List<IngestApp> apps() { return delegate.apps(); }
        @Override public boolean removeApp(String name) { return delegate.removeApp(name); }
        @Override public Optional<String> authenticate(String key) { return delegate.authenticate(key); }
        @Override public void setSchema(String app, String action, String schema) { delegate.setSchema(app, action, schema); }
        @Override public boolean removeSchema(String app, String action) { return delegate.removeSchema(app, action); }
        @Override public List<IngestSchema> schemas() { return delegate.schemas(); }
        @Override public List<ActivityDeadLetter> deadLetters(int limit) { return delegate.deadLetters(limit); }
        @Override public IngestResult replay(Collection<String> ids) { return delegate.replay(ids); }
        @Override public int drop(Collection<String> ids) { return delegate.drop(ids); }
    }
}
