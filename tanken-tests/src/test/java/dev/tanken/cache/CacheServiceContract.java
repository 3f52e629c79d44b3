package dev.tanken.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureSize;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.TakenAt;
import dev.tanken.model.UserRef;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PostCacheService} must have, run against one Redis server and against
 * a Redis Cluster. Each test gets a service with a namespace of its own, deleted afterwards.
 */
public abstract class CacheServiceContract {
    protected static final Duration TTL = Duration.ofMinutes(5);
    private static final UserRef AUTHOR = new UserRef(UUID.randomUUID(), "aiko");
    private static final GeoPoint SHIBUYA = GeoPoint.of(35.6595, 139.7005);

    protected PostCacheService cache;
    private final List<PostCacheService> opened = new ArrayList<>();

    /** A service on the server under test with a fresh, unique key prefix. */
    protected abstract PostCacheService newService();

    /** Makes every server of the cache forget its Lua scripts, as a restart does ({@code SCRIPT FLUSH}). */
    protected abstract void forgetScripts();

    protected PostCacheService open() {
        PostCacheService s = newService();
        opened.add(s);
        return s;
    }

    @BeforeEach
    void openCache() {
        cache = open();
    }

    @AfterEach
    void cleanUp() {
        for (PostCacheService s : opened) {
            try {
                s.deleteNamespace();
            } finally {
                s.close();
            }
        }
    }

    private static final Random RANDOM = new Random(3);

    protected static Post post(GeoPoint where, String... tags) {
        byte[] sha = new byte[32];
        RANDOM.nextBytes(sha);
        String hex = HexFormat.of().formatHex(sha);
        return new Post(PostId.newId(), Instant.parse("2025-03-01T10:15:30.123456Z"), AUTHOR, "夜の渋谷 🌃",
                new PictureRef(hex, "image/jpeg", hex, 4032, 3024), where,
                new TakenAt(LocalDateTime.parse("2025-03-01T19:15:30.5"), ZoneOffset.ofHours(9)), 0, 0, 0,
                List.of(tags));
    }

    private CachedPost one(PostId id) {
        return cache.getPosts(List.of(id)).get(0);
    }

    /** The post's current version, as a reader that takes the fill lease learns it. */
    private String version(PostId id) {
        String token = UUID.randomUUID().toString();
        String v = cache.acquireLeases(List.of(id), token, Duration.ofSeconds(5)).get(id);
        cache.releaseLeases(List.of(id), token);
        return v;
    }

    private void fill(Post p, String version) {
        cache.fill(List.of(new PostCacheService.Fill(p, version, null)), TTL);
    }

    @Nested
    class Generic {
        @Test
        void hashesSetsAndExistence() {
            assertThat(cache.exists("h")).isFalse();
            cache.hashPut("h", Map.of("a", "1", "b", "二"), Duration.ofMinutes(1));
            assertThat(cache.exists("h")).isTrue();
            assertThat(cache.hashGetAll("h")).isEqualTo(Map.of("a", "1", "b", "二"));
            assertThat(cache.setAdd("s", "x")).isTrue();
            assertThat(cache.setAdd("s", "x")).isFalse();
            assertThat(cache.setAdd("s", "y")).isTrue();
            assertThat(cache.setContains("s", "x")).isTrue();
            assertThat(cache.setMembers("s")).containsExactlyInAnyOrder("x", "y");
            assertThat(cache.setRemove("s", "x")).isTrue();
            assertThat(cache.setRemove("s", "x")).isFalse();
            assertThat(cache.delete("h", "s", "nothing")).isEqualTo(2);
            assertThat(cache.exists("h")).isFalse();
        }

        @Test
        void namespacesDoNotSeeEachOther() {
            PostCacheService other = open();
            assertThat(other.namespace()).isNotEqualTo(cache.namespace());
            cache.setAdd("shared-name", "mine");
            Post p = post(SHIBUYA);
            fill(p, "0");
            assertThat(other.exists("shared-name")).isFalse();
            assertThat(other.getPosts(List.of(p.id())).get(0).state()).isEqualTo(CachedPost.State.MISS);
            other.setAdd("shared-name", "theirs");
            assertThat(cache.deleteNamespace()).isGreaterThanOrEqualTo(2);
            assertThat(cache.exists("shared-name")).isFalse();
            assertThat(other.setMembers("shared-name")).containsExactly("theirs");
        }
    }

    @Nested
    class Posts {
        @Test
        void missThenFillThenHitWithEveryFieldIntact() {
            Post p = post(new GeoPoint(35.6595123456789, 139.7005987654321, 38.25), "夜景", "shibuya")
                    .withCounts(3, 2, 1);
            assertThat(one(p.id()).state()).isEqualTo(CachedPost.State.MISS);
            String version = cache.acquireLeases(List.of(p.id()), "reader", Duration.ofSeconds(5)).get(p.id());
            assertThat(cache.fill(List.of(new PostCacheService.Fill(p, version, "reader")), TTL)).isEqualTo(1);
            CachedPost hit = one(p.id());
            assertThat(hit.state()).isEqualTo(CachedPost.State.HIT);
            assertThat(hit.post()).isEqualTo(p);
        }

        @Test
        void variantsPrecisionAndNotesSurviveTheCache() {
            Post p = post(SHIBUYA, "x").withLocationPrecision(LocationPrecision.APPROXIMATE)
                    .withVariants(List.of(
                            new PictureVariant(PictureSize.THUMB, "t" + "1".repeat(63), "image/jpeg", "1".repeat(64), 256, 192),
                            new PictureVariant(PictureSize.LARGE, "l" + "2".repeat(63), "image/webp", "2".repeat(64), 1080, 810)),
                            null);
            Post noVariants = post(SHIBUYA).withLocationPrecision(LocationPrecision.HIDDEN)
                    .withVariants(List.of(), "HEIC original: Java cannot decode it");
            cache.fill(List.of(new PostCacheService.Fill(p, "0", null), new PostCacheService.Fill(noVariants, "0", null)),
                    TTL);
            assertThat(cache.getPosts(List.of(p.id(), noVariants.id()))).extracting(CachedPost::post)
                    .containsExactly(p, noVariants);
        }

        @Test
        void manyPostsInOneCallKeepTheirOrder() {
            List<Post> posts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                posts.add(post(GeoPoint.of(35 + i * 0.01, 139)));
            }
            cache.fill(posts.stream().map(p -> new PostCacheService.Fill(p, "0", null)).toList(), TTL);
            PostId absent = PostId.newId();
            List<PostId> ids = new ArrayList<>(posts.stream().map(Post::id).toList());
            java.util.Collections.reverse(ids);
            ids.add(25, absent);
            List<CachedPost> got = cache.getPosts(ids);
            assertThat(got).extracting(CachedPost::id).containsExactlyElementsOf(ids);
            assertThat(got.get(25).state()).isEqualTo(CachedPost.State.MISS);
            assertThat(got.stream().filter(c -> c.state() == CachedPost.State.HIT).map(CachedPost::post))
                    .containsExactlyInAnyOrderElementsOf(posts);
        }

        @Test
        void aFillBasedOnAReadOlderThanAnInvalidationIsRefused() {
            Post old = post(SHIBUYA, "old");
            String seen = version(old.id());
            cache.invalidate(old.id()); // a writer committed and invalidated after our read began
            assertThat(cache.fill(List.of(new PostCacheService.Fill(old, seen, null)), TTL)).isZero();
            assertThat(one(old.id()).state()).isEqualTo(CachedPost.State.MISS);
            String now = version(old.id());
            assertThat(now).isNotEqualTo(seen);
            fill(old.withTags(List.of("new")), now);
            assertThat(one(old.id()).post().tags()).containsExactly("new");
        }

        @Test
        void aFillOfManyPostsRefusesExactlyThoseReadBeforeAnInvalidationAndDropsTheirLeases() {
            List<Post> posts = new ArrayList<>();
            Map<PostId, String> seen = new HashMap<>();
            for (int i = 0; i < 5; i++) {
                Post p = post(GeoPoint.of(35 + i * 0.01, 139)).withCounts(i, 0, 0);
                posts.add(p);
                PostCacheService.Lookup l = cache.getPostsOrLease(List.of(p.id()), "filler", Duration.ofMinutes(1))
                        .get(0);
                assertThat(l.leased()).isTrue();
                seen.put(p.id(), l.leaseVersion());
            }
            Post stale = posts.get(1);
            Post pending = posts.get(3);
            cache.invalidate(stale.id()); // a write committed after the read began
            Post change = pending.withTags(List.of("pending"));
            cache.putPending(change); // a write-back change the database has not seen yet
            forgetScripts(); // the call must load its script again
            int stored = cache.fill(posts.stream().map(p -> new PostCacheService.Fill(p, seen.get(p.id()), "filler"))
                    .toList(), TTL);

            assertThat(stored).as("all but the post invalidated, and the one replaced pending").isEqualTo(3);
            for (Post p : posts) {
                CachedPost c = one(p.id());
                if (p == stale) {
                    assertThat(c.state()).isEqualTo(CachedPost.State.MISS);
                } else if (p == pending) {
                    assertThat(c.post().tags()).as("the pending change stays").containsExactly("pending");
                } else {
                    assertThat(c.state()).isEqualTo(CachedPost.State.HIT);
                    assertThat(c.post()).isEqualTo(p);
                }
            }
            assertThat(cache.getPostsOrLease(List.of(stale.id()), "next", Duration.ofMinutes(1)).get(0).leased())
                    .as("the refused fill's lease was dropped with the invalidation").isTrue();
        }

        @Test
        void invalidatingCountersKeepsTheDetails() {
            Post p = post(SHIBUYA).withCounts(1, 0, 0);
            fill(p, "0");
            cache.invalidateCounters(p.id());
            CachedPost c = one(p.id());
            assertThat(c.state()).isEqualTo(CachedPost.State.DETAILS_ONLY);
            assertThat(c.post()).isEqualTo(p.withCounts(0, 0, 0));
            fill(p.withCounts(2, 0, 0), version(p.id()));
            assertThat(one(p.id()).post().likes()).isEqualTo(2);
        }

        @Test
        void invalidatingManyPostsCountersRefusesFillsReadBeforeIt() {
            List<Post> posts = List.of(post(SHIBUYA).withCounts(1, 0, 0), post(SHIBUYA).withCounts(0, 2, 0),
                    post(SHIBUYA).withCounts(0, 0, 3));
            Map<PostId, String> before = new HashMap<>();
            for (Post p : posts) {
                fill(p, "0");
                before.put(p.id(), version(p.id()));
            }
            forgetScripts();
            cache.invalidateCountersOf(posts.stream().map(Post::id).toList());
            for (Post p : posts) {
                assertThat(one(p.id()).state()).isEqualTo(CachedPost.State.DETAILS_ONLY);
                fill(p.withCounts(9, 9, 9), before.get(p.id())); // read before the invalidation: refused
                assertThat(one(p.id()).state()).isEqualTo(CachedPost.State.DETAILS_ONLY);
            }
            cache.invalidateCountersOf(List.of()); // nothing to do, no error
        }

        @Test
        void aLookupTakesTheFillLeaseOnlyWhileTheCountersAreMissing() {
            Post p = post(SHIBUYA).withCounts(1, 2, 3);
            PostCacheService.Lookup first = cache.getPostsOrLease(List.of(p.id()), "a", Duration.ofSeconds(5)).get(0);
            assertThat(first.cached().state()).isEqualTo(CachedPost.State.MISS);
            assertThat(first.leased()).isTrue();
            assertThat(cache.getPostsOrLease(List.of(p.id()), "b", Duration.ofSeconds(5)).get(0).leased()).isFalse();
            assertThat(cache.fill(List.of(new PostCacheService.Fill(p, first.leaseVersion(), "a")), TTL)).isEqualTo(1);

            PostCacheService.Lookup hit = cache.getPostsOrLease(List.of(p.id()), "b", Duration.ofSeconds(5)).get(0);
            assertThat(hit.cached().state()).isEqualTo(CachedPost.State.HIT);
            assertThat(hit.cached().post()).isEqualTo(p);
            assertThat(hit.leased()).isFalse();

            cache.invalidateCounters(p.id());
            PostCacheService.Lookup counters = cache.getPostsOrLease(List.of(p.id()), "c", Duration.ofSeconds(5)).get(0);
            assertThat(counters.cached().state()).isEqualTo(CachedPost.State.DETAILS_ONLY);
            assertThat(counters.leased()).isTrue();
            assertThat(one(p.id()).state()).as("a lease is not counters").isEqualTo(CachedPost.State.DETAILS_ONLY);
            assertThat(cache.getPostsOrLease(List.of(p.id()), "d", Duration.ofSeconds(5)).get(0).leased()).isFalse();
            cache.releaseLeases(List.of(p.id()), "c");
            assertThat(cache.getPostsOrLease(List.of(p.id()), "d", Duration.ofSeconds(5)).get(0).leased()).isTrue();
        }

        @Test
        void aLeaseTakenWhileThePostReadsDeletedGoesWhenTheDeleteSettles() {
            Post p = post(SHIBUYA);
            cache.putPendingDelete(p.id());
            PostCacheService.Lookup deleted = cache.getPostsOrLease(List.of(p.id()), "a", Duration.ofMinutes(5)).get(0);
            assertThat(deleted.cached().state()).isEqualTo(CachedPost.State.DELETED);
            assertThat(deleted.leased()).isFalse();
            cache.settle(p.id(), java.util.Optional.empty(), TTL);
            PostCacheService.Lookup after = cache.getPostsOrLease(List.of(p.id()), "b", Duration.ofSeconds(5)).get(0);
            assertThat(after.cached().state()).isEqualTo(CachedPost.State.MISS);
            assertThat(after.leased()).as("nobody waits for a lease nobody will fill").isTrue();
        }

        @Test
        void onlyOneCallerGetsTheFillLease() {
            Post p = post(SHIBUYA);
            assertThat(cache.acquireLeases(List.of(p.id()), "a", Duration.ofSeconds(5))).containsOnlyKeys(p.id());
            assertThat(cache.acquireLeases(List.of(p.id()), "b", Duration.ofSeconds(5))).isEmpty();
            cache.fill(List.of(new PostCacheService.Fill(p, "0", "a")), TTL);
            assertThat(cache.acquireLeases(List.of(p.id()), "b", Duration.ofSeconds(5))).containsOnlyKeys(p.id());
            cache.releaseLeases(List.of(p.id()), "b");
            assertThat(cache.acquireLeases(List.of(p.id()), "c", Duration.ofSeconds(5))).containsOnlyKeys(p.id());
        }

        @Test
        void pendingDetailsAreNeverReplacedByAFillAndSettleAfterTheFlush() {
            Post p = post(SHIBUYA, "pending");
            cache.putPending(p);
            assertThat(cache.pendingDetails(p.id())).contains(p);
            CachedPost c = one(p.id());
            assertThat(c.state()).isEqualTo(CachedPost.State.HIT);
            // A reader that saw the new version fills from an older database row: details stay.
            cache.invalidateCounters(p.id());
            String v = version(p.id());
            fill(p.withTags(List.of("stale")).withCounts(4, 0, 0), v);
            assertThat(one(p.id()).post()).isEqualTo(p.withCounts(4, 0, 0));

            Post changed = p.withTags(List.of("changed"));
            assertThat(cache.replacePending(p.withTags(List.of("other")), changed)).isFalse();
            assertThat(cache.replacePending(p, changed)).isTrue();
            cache.settle(p.id(), Optional.of(p), TTL); // an older value: must not unpin the newer one
            assertThat(cache.pendingDetails(p.id())).contains(changed);
            cache.settle(p.id(), Optional.of(changed), TTL);
            assertThat(cache.pendingDetails(p.id())).isEmpty();
            assertThat(one(p.id()).post().tags()).containsExactly("changed");
        }

        @Test
        void aPendingDeleteReadsAsDeletedUntilSettled() {
            Post p = post(SHIBUYA);
            fill(p, "0");
            cache.putPendingDelete(p.id());
            assertThat(one(p.id()).state()).isEqualTo(CachedPost.State.DELETED);
            assertThat(cache.pendingDetails(p.id())).isEmpty();
            cache.settle(p.id(), Optional.empty(), TTL);
            assertThat(one(p.id()).state()).isEqualTo(CachedPost.State.MISS);
        }

        @Test
        void replacingAnAbsentEntryNeedsItToBeAbsent() {
            Post p = post(SHIBUYA);
            assertThat(cache.replacePending(null, p)).isTrue();
            assertThat(cache.replacePending(null, p.withTags(List.of("x")))).isFalse();
        }
    }

    @Nested
    class GeoIndex {
        /** Posts around a centre: a dense core, a sparse ring, and duplicates of one position (ties). */
        private List<Post> scatter(GeoPoint centre, int n, long seed) {
            Random r = new Random(seed);
            List<Post> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double spread = i % 3 == 0 ? 3000 : 300;
                double dLat = r.nextGaussian() * spread / 111_000;
                double dLon = r.nextGaussian() * spread / (111_000 * Math.cos(Math.toRadians(centre.latitude())));
                double lon = centre.longitude() + dLon;
                lon = lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
                out.add(post(GeoPoint.of(centre.latitude() + dLat, lon)));
            }
            GeoPoint tie = out.get(0).location();
            for (int i = 0; i < 5; i++) {
                out.add(post(tie));
            }
            return out;
        }

        private void warm(GeoPoint centre, double radius, List<Post> posts) {
            for (GeoCell cell : cache.cellsCovering(centre, radius).orElseThrow()) {
                String token = cache.beginWarm(cell);
                Map<PostId, GeoPoint> inCell = new HashMap<>();
                posts.stream().filter(p -> cell.contains(p.location().latitude(), p.location().longitude()))
                        .forEach(p -> inCell.put(p.id(), p.location()));
                cache.warmAdd(cell, inCell);
                assertThat(cache.commitWarm(cell, token)).isTrue();
            }
        }

        /** The answer by brute force over exact coordinates, as the database defines it. */
        private List<PostId> expected(List<Post> posts, GeoPoint centre, double radius, int limit) {
            double[] c = SphericalGeometry.unitVector(centre);
            double max = SphericalGeometry.metersToChord(radius);
            return posts.stream()
                    .map(p -> Map.entry(p.id(), SphericalGeometry.chord(c, SphericalGeometry.unitVector(p.location()))))
                    .filter(e -> e.getValue() <= max)
                    .sorted(Map.Entry.<PostId, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .limit(limit).map(Map.Entry::getKey).toList();
        }

        @Test
        void anAreaNotWarmedServesNoSearch() {
            assertThat(cache.nearby(SHIBUYA, 1000, 20, null, null)).isEmpty();
        }

        @Test
        void nearbyEqualsTheExactAnswerInDenseAndSparseSearches() {
            List<Post> posts = scatter(SHIBUYA, 1500, 11);
            warm(SHIBUYA, 12_000, posts);
            for (double radius : new double[] {0, 50, 1000, 8000}) {
                for (int limit : new int[] {1, 20, 300}) {
                    List<NearbyCandidate> got = cache.nearby(SHIBUYA, radius, limit, null, null).orElseThrow();
                    assertThat(got).extracting(NearbyCandidate::id)
                            .as("radius %s limit %s", radius, limit)
                            .containsExactlyElementsOf(expected(posts, SHIBUYA, radius, limit));
                }
            }
            // The ties at one position come back ordered by id, with equal distances.
            GeoPoint tie = posts.get(0).location();
            List<NearbyCandidate> atTie = cache.nearby(tie, 0, 10, null, null).orElseThrow();
            assertThat(atTie).hasSize(6).allMatch(n -> n.distanceMeters() == 0);
            assertThat(atTie).extracting(NearbyCandidate::id).isSortedAccordingTo(Comparator.naturalOrder());
        }

        @Test
        void nearbyWithPostsGivesWhatTheCacheHoldsForEachCandidate() {
            List<Post> posts = scatter(SHIBUYA, 300, 21);
            warm(SHIBUYA, 6000, posts);
            List<Post> filled = posts.subList(0, 150);
            cache.fill(filled.stream().map(p -> new PostCacheService.Fill(p, "0", null)).toList(), TTL);
            // The first search has no density estimate (many members), later ones have.
            for (int round = 0; round < 3; round++) {
                PostCacheService.NearbyHits hits = cache.nearbyWithPosts(SHIBUYA, 3000, 40, 39, null, null).orElseThrow();
                assertThat(hits.candidates()).extracting(NearbyCandidate::id)
                        .containsExactlyElementsOf(expected(posts, SHIBUYA, 3000, 40));
                assertThat(hits.posts()).hasSize(39); // the page shows 39; the 40th tells a next page exists
                for (int i = 0; i < hits.posts().size(); i++) {
                    CachedPost c = hits.posts().get(i);
                    assertThat(c.id()).isEqualTo(hits.candidates().get(i).id());
                    Optional<Post> wasFilled = filled.stream().filter(p -> p.id().equals(c.id())).findFirst();
                    assertThat(c.state()).isEqualTo(wasFilled.isPresent() ? CachedPost.State.HIT : CachedPost.State.MISS);
                    wasFilled.ifPresent(p -> assertThat(c.post()).isEqualTo(p));
                }
            }
            assertThat(cache.nearbyWithPosts(GeoPoint.of(10, 10), 100, 5, 4, null, null)).isEmpty();
        }

        @Test
        void distancesComeFromTheExactCoordinates() {
            Post a = post(GeoPoint.of(35.659500001, 139.700500001));
            warm(SHIBUYA, 100, List.of(a));
            NearbyCandidate n = cache.nearby(SHIBUYA, 100, 1, null, null).orElseThrow().get(0);
            assertThat(n.distanceMeters()).isEqualTo(SphericalGeometry.distanceMeters(SHIBUYA, a.location()));
        }

        @Test
        void aPostJustInsideTheRadiusIsFoundAndOneJustOutsideIsNot() {
            // Redis keeps 52-bit geohashes (~0.6 m): the exact re-check decides at the edge.
            double north = Math.toDegrees(1000.0 / SphericalGeometry.EARTH_RADIUS_METERS);
            Post inside = post(GeoPoint.of(SHIBUYA.latitude() + north * 0.99999, SHIBUYA.longitude()));
            Post outside = post(GeoPoint.of(SHIBUYA.latitude() + north * 1.00001, SHIBUYA.longitude()));
            warm(SHIBUYA, 1100, List.of(inside, outside));
            assertThat(cache.nearby(SHIBUYA, 1000, 10, null, null).orElseThrow())
                    .extracting(NearbyCandidate::id).containsExactly(inside.id());
        }

        @Test
        void pagingWithTheKeysetPositionWalksTheWholeAnswer() {
            List<Post> posts = scatter(SHIBUYA, 400, 5);
            warm(SHIBUYA, 5000, posts);
            List<PostId> all = expected(posts, SHIBUYA, 2000, Integer.MAX_VALUE);
            List<PostId> walked = new ArrayList<>();
            Double afterChord = null;
            PostId afterId = null;
            while (true) {
                List<NearbyCandidate> page = cache.nearby(SHIBUYA, 2000, 37, afterChord, afterId).orElseThrow();
                page.forEach(n -> walked.add(n.id()));
                if (page.size() < 37) {
                    break;
                }
                afterChord = page.get(page.size() - 1).chord();
                afterId = page.get(page.size() - 1).id();
            }
            assertThat(walked).containsExactlyElementsOf(all);
        }

        @Test
        void searchesAcrossTheAntimeridianMergeCellsOnBothSides() {
            GeoPoint suva = GeoPoint.of(-17.0, 179.999);
            List<Post> posts = scatter(suva, 300, 9);
            assertThat(posts).anyMatch(p -> p.location().longitude() < 0).anyMatch(p -> p.location().longitude() > 0);
            warm(suva, 12_000, posts);
            assertThat(cache.nearby(suva, 5000, 100, null, null).orElseThrow()).extracting(NearbyCandidate::id)
                    .containsExactlyElementsOf(expected(posts, suva, 5000, 100));
        }

        @Test
        void writesKeepACompleteCellCompleteAndCellInvalidationTurnsItOff() {
            Post a = post(SHIBUYA);
            warm(SHIBUYA, 300, List.of(a)); // Shibuya is 45 m from a cell edge: warm both sides
            Post b = post(GeoPoint.of(35.6596, 139.7006));
            cache.geoAdd(b.id(), b.location());
            assertThat(cache.nearby(SHIBUYA, 100, 10, null, null).orElseThrow()).extracting(NearbyCandidate::id)
                    .containsExactly(a.id(), b.id());
            cache.geoRemove(a.id(), a.location());
            assertThat(cache.nearby(SHIBUYA, 100, 10, null, null).orElseThrow()).extracting(NearbyCandidate::id)
                    .containsExactly(b.id());
            cache.invalidateCell(b.location());
            assertThat(cache.nearby(SHIBUYA, 100, 10, null, null)).isEmpty();
        }

        @Test
        void aWarmThatRacedWithAWriteIsNotCommitted() {
            GeoCell cell = cache.cellsCovering(SHIBUYA, 0).orElseThrow().get(0);
            String token = cache.beginWarm(cell);
            cache.warmAdd(cell, Map.of());
            Post late = post(SHIBUYA);
            cache.geoAdd(late.id(), late.location()); // written after the warm read the database
            assertThat(cache.commitWarm(cell, token)).isFalse();
            assertThat(cache.nearby(SHIBUYA, 100, 10, null, null)).isEmpty();
        }

        @Test
        void searchesNearThePolesOrOverHugeAreasAreLeftToTheDatabase() {
            assertThat(cache.cellsCovering(GeoPoint.of(89.9, 0), 1000)).isEmpty();
            assertThat(cache.cellsCovering(SHIBUYA, 500_000)).isEmpty();
            assertThat(cache.nearby(GeoPoint.of(-89.9, 10), 1000, 5, null, null)).isEmpty();
        }
    }

    @Nested
    class WriteBack {
        @Test
        void entriesAreReadAcknowledgedAndCounted() {
            WriteBackQueue q = cache.writeBackQueue();
            assertThat(q.length()).isZero();
            assertThat(q.oldestAge()).isEqualTo(Duration.ZERO);
            q.append(Map.of("op", "a"));
            q.append(Map.of("op", "b"));
            assertThat(q.length()).isEqualTo(2);
            List<WriteBackQueue.Entry> got = q.read("c1", 10, Duration.ZERO);
            assertThat(got).extracting(e -> e.fields().get("op")).containsExactly("a", "b");
            assertThat(q.read("c1", 10, Duration.ZERO)).isEmpty();
            q.ack(List.of(got.get(0).id()));
            assertThat(q.length()).isEqualTo(1);
        }

        @Test
        void aDeadConsumersEntriesAreReclaimedInOrder() {
            WriteBackQueue q = cache.writeBackQueue();
            for (int i = 0; i < 5; i++) {
                q.append(Map.of("n", Integer.toString(i)));
            }
            assertThat(q.read("dead", 3, Duration.ZERO)).hasSize(3); // delivered, never acknowledged
            List<WriteBackQueue.Entry> reclaimed = q.reclaim("alive", 10);
            assertThat(reclaimed).extracting(e -> e.fields().get("n")).containsExactly("0", "1", "2");
            assertThat(q.read("alive", 10, Duration.ZERO)).extracting(e -> e.fields().get("n"))
                    .containsExactly("3", "4");
        }

        @Test
        void oneLockHolderAtATime() {
            WriteBackQueue q = cache.writeBackQueue();
            assertThat(q.lock("a", Duration.ofSeconds(5))).isTrue();
            assertThat(q.lock("b", Duration.ofSeconds(5))).isFalse();
            assertThat(q.lock("a", Duration.ofSeconds(5))).isTrue();
            q.unlock("b");
            assertThat(q.lock("b", Duration.ofSeconds(5))).isFalse();
            q.unlock("a");
            assertThat(q.lock("b", Duration.ofSeconds(5))).isTrue();
        }

        /** Warms the cells around {@code at} with nothing in them, so they serve searches. */
        private void warmEmpty(GeoPoint at) {
            for (GeoCell cell : cache.cellsCovering(at, 100).orElseThrow()) {
                String token = cache.beginWarm(cell);
                cache.warmAdd(cell, Map.of());
                assertThat(cache.commitWarm(cell, token)).isTrue();
            }
        }

        private List<PostId> nearbyIds(GeoPoint at) {
            return cache.nearby(at, 100, 10, null, null).orElseThrow().stream().map(NearbyCandidate::id).toList();
        }

        @Test
        void aWriteBackCreateIsShownIndexedAndRecordedAtOnce() {
            warmEmpty(SHIBUYA);
            Post p = post(SHIBUYA, "new");
            String id = cache.putPendingAndAppend(p, SHIBUYA, Map.of("op", "create", "post", p.id().toString()));
            assertThat(cache.pendingDetails(p.id())).contains(p);
            assertThat(one(p.id()).state()).isEqualTo(CachedPost.State.HIT);
            assertThat(nearbyIds(SHIBUYA)).containsExactly(p.id());
            assertThat(cache.writeBackQueue().read("c", 10, Duration.ZERO)).singleElement().satisfies(e -> {
                assertThat(e.id()).isEqualTo(id);
                assertThat(e.fields()).containsEntry("post", p.id().toString());
            });
        }

        @Test
        void aWriteBackCreateWithoutAnIndexedPointIsInNoCell() {
            warmEmpty(SHIBUYA);
            Post hidden = post(SHIBUYA);
            cache.putPendingAndAppend(hidden, null, Map.of("op", "create"));
            assertThat(cache.pendingDetails(hidden.id())).contains(hidden);
            assertThat(nearbyIds(SHIBUYA)).isEmpty();
            assertThat(cache.writeBackQueue().length()).isEqualTo(1);
        }

        @Test
        void aWriteBackCreateAfterTheServerForgotItsScriptsIsRecordedExactlyOnce() {
            warmEmpty(SHIBUYA);
            forgetScripts();
            Post p = post(SHIBUYA);
            cache.putPendingAndAppend(p, SHIBUYA, Map.of("op", "create"));
            assertThat(cache.writeBackQueue().length()).isEqualTo(1);
            assertThat(cache.pendingDetails(p.id())).contains(p);
            assertThat(nearbyIds(SHIBUYA)).containsExactly(p.id());
        }

        @Test
        void settlingCreatedPostsUnpinsThemAndPutsThemBackInTheirCells() {
            Post indexed = post(SHIBUYA, "a");
            Post unindexed = post(SHIBUYA, "b");
            cache.putPending(indexed);
            cache.putPending(unindexed);
            warmEmpty(SHIBUYA); // warmed from a database that did not have them yet
            forgetScripts(); // the pipeline must load its scripts again, then do everything once
            cache.settleCreated(List.of(indexed, unindexed), java.util.Arrays.asList(SHIBUYA, null), TTL);
            assertThat(cache.pendingDetails(indexed.id())).isEmpty();
            assertThat(cache.pendingDetails(unindexed.id())).isEmpty();
            assertThat(one(indexed.id()).post()).isEqualTo(indexed);
            assertThat(one(unindexed.id()).post()).isEqualTo(unindexed);
            assertThat(nearbyIds(SHIBUYA)).containsExactly(indexed.id());
            assertThatThrownBy(() -> cache.settleCreated(List.of(indexed), List.of(), TTL))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 posts but 0 locations");
        }

        @Test
        void deadLettersKeepTheEntryAndTheReason() {
            WriteBackQueue q = cache.writeBackQueue();
            q.append(Map.of("op", "like"));
            WriteBackQueue.Entry e = q.read("c", 1, Duration.ZERO).get(0);
            q.deadLetter(e, "post gone");
            assertThat(q.length()).isZero();
            assertThat(q.deadLetters(10)).singleElement()
                    .satisfies(d -> assertThat(d.fields()).containsEntry("reason", "post gone").containsEntry("op", "like"));
        }
    }

    @Test
    void aClosedServiceRefusesWork() {
        PostCacheService s = newService();
        s.deleteNamespace(); // opening created the write-back stream
        s.close();
        assertThatThrownBy(() -> s.exists("x")).isInstanceOf(IllegalStateException.class);
    }
}
