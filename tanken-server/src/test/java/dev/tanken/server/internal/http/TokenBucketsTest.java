package dev.tanken.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
    private final AtomicLong now = new AtomicLong();
    private final TokenBuckets buckets = new TokenBuckets(2, 3, now::get);

    @Test
    void aBurstThenTheRate() {
        assertThat(buckets.test("a")).isTrue();
        assertThat(buckets.test("a")).isTrue();
        assertThat(buckets.test("a")).isTrue();
        assertThat(buckets.test("a")).isFalse();
        now.addAndGet(500_000_000L); // half a second at 2/s: one call
        assertThat(buckets.test("a")).isTrue();
        assertThat(buckets.test("a")).isFalse();
        now.addAndGet(60_000_000_000L); // a long pause refills no more than the burst
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.test("a")).isTrue();
        }
        assertThat(buckets.test("a")).isFalse();
    }

    @Test
    void callersHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            buckets.test("a");
        }
        assertThat(buckets.test("a")).isFalse();
        assertThat(buckets.test("b")).isTrue();
    }
}
