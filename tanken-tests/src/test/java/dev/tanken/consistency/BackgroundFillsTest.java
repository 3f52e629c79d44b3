package dev.tanken.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.cache.CacheServices;
import dev.tanken.cache.CachedPost;
import dev.tanken.cache.ForwardingPostCacheService;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.internal.BackgroundFills;
import dev.tanken.consistency.internal.CacheGuard;
import dev.tanken.consistency.internal.Metrics;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.UserRef;
import dev.tanken.testing.RedisTestNamespace;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tier's background fills against the real Redis: a reader hands its fill over and never waits
 * for it; when the queue is full the fill is dropped, not waited for; what was queued is sent.
 */
class BackgroundFillsTest {
    private static final Random RANDOM = new Random();
    private static final Duration LEASE = Duration.ofMinutes(1);

    private PostCacheService cache;

    @BeforeEach
    void open() {
        cache = CacheServices.open(RedisTestNamespace.url());
    }

    @AfterEach
    void close() {
        cache.deleteNamespace();
        cache.close();
    }

    private static Post post() {
        byte[] sha = new byte[32];
        RANDOM.nextBytes(sha);
        String hex = HexFormat.of().formatHex(sha);
        return Post.create(new UserRef(UUID.randomUUID(), "fill"), "caption",
                new PictureRef(hex, "image/jpeg", hex, 100, 100), GeoPoint.of(35.0, 135.0), null, List.of());
    }

    /** The fill of a post as a reader that missed it would make: lease and version from the lookup. */
    private PostCacheService.Fill fillOf(Post p, String token) {
        PostCacheService.Lookup l = cache.getPostsOrLease(List.of(p.id()), token, LEASE).get(0);
        assertThat(l.leased()).as("the lookup of an uncached post takes its lease").isTrue();
        return new PostCacheService.Fill(p, l.leaseVersion(), token);
    }

    private CachedPost.State state(PostId id) {
        return cache.getPosts(List.of(id)).get(0).state();
    }

    @Test
    void aFullQueueDropsTheFillInsteadOfBlockingAndTheQueuedOnesAreSent() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PostCacheService slow = new ForwardingPostCacheService(cache) {
            @Override
            public int fill(Collection<Fill> fills, Duration ttl) {
                sending.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS); // a Redis that is slow to answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.fill(fills, ttl);
            }
        };
        BackgroundFills fills = new BackgroundFills(new CacheGuard(slow, new Metrics(), Optional.empty()),
                Duration.ofMinutes(5), 2);
        String token = UUID.randomUUID().toString();
        List<Post> posts = List.of(post(), post(), post(), post());
        fills.submit(List.of(fillOf(posts.get(0), token)), List.of(), token);
        assertThat(sending.await(60, TimeUnit.SECONDS)).as("the thread sends the first fill").isTrue();
        fills.submit(List.of(fillOf(posts.get(1), token)), List.of(), token);
        fills.submit(List.of(fillOf(posts.get(2), token)), List.of(), token);
        fills.submit(List.of(fillOf(posts.get(3), token)), List.of(), token); // the queue (2) is full
        assertThat(fills.dropped()).isEqualTo(1);

        release.countDown();
        fills.close();
        assertThat(state(posts.get(0).id())).isEqualTo(CachedPost.State.HIT);
        assertThat(state(posts.get(1).id())).isEqualTo(CachedPost.State.HIT);
        assertThat(state(posts.get(2).id())).isEqualTo(CachedPost.State.HIT);
        assertThat(state(posts.get(3).id())).as("the dropped fill").isEqualTo(CachedPost.State.MISS);
        // Its lease is left to expire: another reader waits for it at most the lease time.
        assertThat(cache.getPostsOrLease(List.of(posts.get(3).id()), "other", LEASE).get(0).leased()).isFalse();
    }

    @Test
    void fillsHandedOverWhileTheThreadLingersGoInOneCallAndCloseDoesNotWaitOutTheLinger() {
        List<Integer> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        PostCacheService counting = new ForwardingPostCacheService(cache) {
            @Override
            public int fill(Collection<Fill> fills, Duration ttl) {
                calls.add(fills.size());
                return super.fill(fills, ttl);
            }
        };
        // A linger far longer than handing over five fills takes, even on a loaded machine.
        BackgroundFills fills = new BackgroundFills(new CacheGuard(counting, new Metrics(), Optional.empty()),
                Duration.ofMinutes(5), 16, TimeUnit.SECONDS.toNanos(30));
        String token = UUID.randomUUID().toString();
        List<Post> posts = List.of(post(), post(), post(), post(), post());
        List<PostCacheService.Fill> made = posts.stream().map(p -> fillOf(p, token)).toList();
        long started = System.nanoTime();
        made.forEach(f -> fills.submit(List.of(f), List.of(), token));
        fills.close();
        assertThat(System.nanoTime() - started).as("close cut the 30 s linger short")
                .isLessThan(TimeUnit.SECONDS.toNanos(25));
        assertThat(calls).as("one call for the five fills").containsExactly(5);
        posts.forEach(p -> assertThat(state(p.id())).isEqualTo(CachedPost.State.HIT));
    }

    @Test
    void withoutLingerTheThreadStillSendsWhatWasQueued() {
        BackgroundFills fills = new BackgroundFills(new CacheGuard(cache, new Metrics(), Optional.empty()),
                Duration.ofMinutes(5), 16, 0);
        String token = UUID.randomUUID().toString();
        Post p = post();
        fills.submit(List.of(fillOf(p, token)), List.of(), token);
        fills.close();
        assertThat(state(p.id())).isEqualTo(CachedPost.State.HIT);
    }

    @Test
    void aFillFromAReadOlderThanAnInvalidationIsRefusedHoweverLateItIsSent() {
        BackgroundFills fills = new BackgroundFills(new CacheGuard(cache, new Metrics(), Optional.empty()),
                Duration.ofMinutes(5));
        String token = UUID.randomUUID().toString();
        Post p = post();
        PostCacheService.Fill late = fillOf(p, token);
        cache.invalidate(p.id()); // a write committed after the reader's lookup
        fills.submit(List.of(late), List.of(), token);
        fills.close();
        assertThat(state(p.id())).isEqualTo(CachedPost.State.MISS);
    }
}
