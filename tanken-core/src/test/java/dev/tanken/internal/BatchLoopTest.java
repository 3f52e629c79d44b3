package dev.tanken.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.StorageException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BatchLoopTest {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(BatchLoopTest.class);

    @Test
    void retriesWhatTheWorkerCallsRetryableAndGoesOnAfterASuccess() {
        AtomicInteger calls = new AtomicInteger();
        BatchLoop[] loop = new BatchLoop[1];
        loop[0] = new BatchLoop("t", "test worker", () -> {
            int n = calls.incrementAndGet();
            if (n <= 2) {
                throw new StorageException("database down (" + n + ")");
            }
            if (n == 4) {
                loop[0].stop(Duration.ZERO, () -> { });
            }
        }, e -> e instanceof StorageException, LOG);
        loop[0].run();
        // Two failures retried, a success, and the batch that asked the loop to stop: no more after it.
        assertThat(calls).hasValue(4);
    }

    @Test
    void aFailureThatIsNotRetryableEndsTheLoopWithIt() {
        AtomicInteger calls = new AtomicInteger();
        BatchLoop loop = new BatchLoop("t", "test worker", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("a bug, not an outage");
        }, e -> e instanceof StorageException, LOG);
        assertThatThrownBy(loop::run).isInstanceOf(IllegalStateException.class).hasMessage("a bug, not an outage");
        assertThat(calls).hasValue(1);
    }

    @Test
    void stoppingWakesALoopWaitingOutItsBackOffAndWaitsForItsThread() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        // A back-off of an hour: the loop's thread can only be gone within the stop's wait if stopping woke it.
        BatchLoop loop = new BatchLoop("tanken-test-loop", "test worker", () -> {
            calls.incrementAndGet();
            failed.countDown();
            throw new StorageException("down");
        }, e -> e instanceof StorageException, LOG, Duration.ofHours(1), Duration.ofHours(1));
        loop.start();
        assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
        Thread thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("tanken-test-loop")).findFirst().orElseThrow();
        AtomicInteger interrupts = new AtomicInteger();
        loop.stop(Duration.ofSeconds(60), interrupts::incrementAndGet);
        assertThat(thread.isAlive()).as("the loop's thread after stop").isFalse();
        assertThat(interrupts).hasValue(1);
        assertThat(loop.stopped()).isTrue();
        assertThat(calls).hasValue(1);
    }
}
