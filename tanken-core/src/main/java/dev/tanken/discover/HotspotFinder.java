package dev.tanken.discover;

import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.discover.internal.GridClusters;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.geocode.PlaceMatch;
import dev.tanken.geocode.ReverseGeocoder;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Finds hotspots: places near a point where many people post, ranked by {@link HotspotScore}.
 *
 * <h2>How</h2>
 * <ol>
 *   <li>The nearest posts within the radius (at most {@link ExploreQuery#maxPosts()}) are read page
 *       by page from the spatial index through {@link DatabaseService#nearby}, the same path (and,
 *       with a cache tier, the same cache) as a nearby search, as the query's viewer may see them
 *       (location privacy: others' hidden posts are absent, approximate ones sit at their cell's
 *       centre); posts older than {@code since} are dropped.</li>
 *   <li>They are projected onto a plane tangent at the search centre and binned into square cells
 *       ({@link ExploreQuery#effectiveCellMeters()}, 125 m for a 5 km radius). Every cell is
 *       weighted with the hotspot score of its own posts, and cells are grouped by hill climbing to
 *       the heaviest cell around them ({@link GridClusters}).</li>
 * </ol>
 * <p>Why grid cells rather than a density clustering such as DBSCAN: hotspots should not depend on
 * the order or density threshold of a scan, DBSCAN chains a whole busy district into one cluster
 * (every post has a neighbour), and its neighbourhood queries cost O(n log n) with an index against
 * one pass over a hash map here. The usual flaw of grids, a spot cut in two by a cell boundary, is
 * what the hill climbing repairs; a hotspot's centre is its posts' mean, not a cell centre.
 *
 * <p>Place names: a hotspot is called by the place name most of its posters chose for their posts
 * ({@link DatabaseService#setPlaceName}); when none did, by the gazetteer's label for its centre
 * ({@link ReverseGeocoder#lookup}).
 */
public final class HotspotFinder {
    private static final int PAGE = DatabaseService.MAX_LIMIT;
    private static final int TOP_TAGS = 5;
    /** Best first: score, then more posts, then nearer the search centre. */
    private static final Comparator<Hotspot> RANKING = Comparator.comparingDouble(Hotspot::score).reversed()
            .thenComparing(Comparator.comparingInt(Hotspot::posts).reversed())
            .thenComparingDouble(Hotspot::distanceMeters);

    private final DatabaseService db;
    private final Supplier<ReverseGeocoder> geocoder;
    private final Clock clock;

    /**
     * @param db where posts come from (Tanken passes its own, so a cache tier in front of the
     *     database serves these reads too)
     * @param geocoder asked only when there are hotspots to name, so the gazetteer loads lazily
     * @param clock "now" for recency
     */
    public HotspotFinder(DatabaseService db, Supplier<ReverseGeocoder> geocoder, Clock clock) {
        this.db = Objects.requireNonNull(db, "database");
        this.geocoder = Objects.requireNonNull(geocoder, "geocoder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Exploration explore(ExploreQuery query) {
        Objects.requireNonNull(query, "query");
        Instant now = clock.instant();

        List<NearbyPost> scanned = new ArrayList<>();
        String cursor = null;
        boolean truncated = false;
        do {
            int want = Math.min(PAGE, query.maxPosts() - scanned.size());
            Page<NearbyPost> page = db.nearby(query.center(), query.radiusMeters(), want, cursor, query.viewerId());
            scanned.addAll(page.items());
            cursor = page.nextCursor();
            if (cursor != null && scanned.size() >= query.maxPosts()) {
                truncated = true;
                cursor = null;
            }
        } while (cursor != null);
        double scannedRadius = truncated ? scanned.get(scanned.size() - 1).distanceMeters() : query.radiusMeters();

        List<Post> posts = new ArrayList<>(scanned.size());
        for (NearbyPost hit : scanned) {
            if (query.since() == null || !hit.post().createdAt().isBefore(query.since())) {
                posts.add(hit.post());
            }
        }
        double cell = query.effectiveCellMeters();
        if (posts.isEmpty()) {
            return new Exploration(List.of(), scanned.size(), truncated, scannedRadius, cell);
        }

        double[] weights = new double[posts.size()];
        double[] x = new double[posts.size()];
        double[] y = new double[posts.size()];
        double lat0 = Math.toRadians(query.center().latitude());
        for (int i = 0; i < posts.size(); i++) {
            Post p = posts.get(i);
            weights[i] = HotspotScore.weight(p, now, query.halfLife());
            double dLon = p.location().longitude() - query.center().longitude();
            dLon -= 360 * Math.rint(dLon / 360); // the short way round the antimeridian
            x[i] = SphericalGeometry.EARTH_RADIUS_METERS * Math.toRadians(dLon) * Math.cos(lat0);
            y[i] = SphericalGeometry.EARTH_RADIUS_METERS * Math.toRadians(p.location().latitude() - query.center().latitude());
        }
        List<List<Integer>> clusters = GridClusters.cluster(x, y, cell, members -> score(posts, weights, members));

        record Spot(Hotspot hotspot, List<Post> members) {
        }
        List<Spot> spots = new ArrayList<>(clusters.size());
        for (List<Integer> members : clusters) {
            spots.add(new Spot(hotspot(query.center(), posts, weights, members),
                    members.stream().map(posts::get).toList()));
        }
        spots.sort(Comparator.comparing(Spot::hotspot, RANKING));
        List<Spot> top = spots.subList(0, Math.min(query.limit(), spots.size()));

        Map<PostId, String> chosen = chosenNames(top.stream().flatMap(s -> s.members().stream()).toList());
        ReverseGeocoder gazetteer = top.isEmpty() ? null : geocoder.get();
        List<Hotspot> named = new ArrayList<>(top.size());
        for (Spot spot : top) {
            Hotspot h = spot.hotspot();
            PlaceMatch place = gazetteer.lookup(h.center()).orElse(null);
            String name = mostChosen(spot.members(), chosen);
            if (name == null && place != null) {
                name = place.label();
            }
            named.add(new Hotspot(h.center(), h.radiusMeters(), h.distanceMeters(), h.posts(), h.posters(),
                    h.topTags(), h.coverPostId(), h.score(), name, place));
        }
        return new Exploration(named, scanned.size(), truncated, scannedRadius, cell);
    }

    private static double score(List<Post> posts, double[] weights, List<Integer> members) {
        Map<UUID, Double> byPoster = new HashMap<>();
        for (int i : members) {
            byPoster.merge(posts.get(i).author().id(), weights[i], Double::sum);
        }
        double score = 0;
        for (double sum : byPoster.values()) {
            score += HotspotScore.posterContribution(sum);
        }
        return score;
    }

    private static Hotspot hotspot(GeoPoint searchCenter, List<Post> posts, double[] weights, List<Integer> members) {
        double sx = 0;
        double sy = 0;
        double sz = 0;
        Set<UUID> posters = new HashSet<>();
        Map<String, Set<UUID>> tagPosters = new HashMap<>();
        Map<String, Integer> tagPosts = new HashMap<>();
        int cover = members.get(0);
        for (int i : members) {
            Post p = posts.get(i);
            double[] v = SphericalGeometry.unitVector(p.location());
            sx += v[0];
            sy += v[1];
            sz += v[2];
            posters.add(p.author().id());
            for (String tag : p.tags()) {
                tagPosters.computeIfAbsent(tag, t -> new HashSet<>()).add(p.author().id());
                tagPosts.merge(tag, 1, Integer::sum);
            }
            if (betterCover(p, weights[i], posts.get(cover), weights[cover])) {
                cover = i;
            }
        }
        GeoPoint first = posts.get(members.get(0)).location();
        GeoPoint center = fromVector(sx, sy, sz, first);
        double extent = 0;
        boolean onePlace = true;
        for (int i : members) {
            extent = Math.max(extent, SphericalGeometry.distanceMeters(center, posts.get(i).location()));
            onePlace &= posts.get(i).location().equals(first);
        }
        if (onePlace) {
            // The mean of equal vectors is that point only up to rounding: a nanometre radius and a
            // centre that differs in the last digit would be noise in every answer.
            center = first;
            extent = 0;
        }
        List<String> tags = tagPosters.keySet().stream()
                .sorted(Comparator.<String>comparingInt(t -> tagPosters.get(t).size()).reversed()
                        .thenComparing(Comparator.<String>comparingInt(tagPosts::get).reversed())
                        .thenComparing(Comparator.naturalOrder()))
                .limit(TOP_TAGS).toList();
        return new Hotspot(center, extent, SphericalGeometry.distanceMeters(searchCenter, center), members.size(),
                posters.size(), tags, posts.get(cover).id(), score(posts, weights, members), null, null);
    }

    private static boolean betterCover(Post p, double w, Post best, double bestWeight) {
        if (w != bestWeight) {
            return w > bestWeight;
        }
        int newer = p.createdAt().compareTo(best.createdAt());
        return newer != 0 ? newer > 0 : p.id().compareTo(best.id()) > 0;
    }

    /** The normalised mean of unit vectors; a degenerate mean (antipodal posts) falls back to a post. */
    private static GeoPoint fromVector(double x, double y, double z, GeoPoint fallback) {
        double norm = Math.sqrt(x * x + y * y + z * z);
        if (norm < 1e-9) {
            return GeoPoint.of(fallback.latitude(), fallback.longitude());
        }
        double lat = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, z / norm))));
        double lon = Math.toDegrees(Math.atan2(y, x));
        return GeoPoint.of(lat, lon);
    }

    private Map<PostId, String> chosenNames(List<Post> posts) {
        Map<PostId, String> chosen = new HashMap<>();
        for (int from = 0; from < posts.size(); from += PAGE) {
            chosen.putAll(db.placeNames(posts.subList(from, Math.min(posts.size(), from + PAGE)).stream()
                    .map(Post::id).toList()));
        }
        return chosen;
    }

    /** The user-chosen name used by the most posters (then the most posts, then alphabetically first). */
    private static String mostChosen(List<Post> posts, Map<PostId, String> chosen) {
        Map<String, Set<UUID>> posters = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        for (Post p : posts) {
            String name = chosen.get(p.id());
            if (name != null) {
                posters.computeIfAbsent(name, n -> new HashSet<>()).add(p.author().id());
                count.merge(name, 1, Integer::sum);
            }
        }
        return posters.keySet().stream()
                .min(Comparator.<String>comparingInt(n -> posters.get(n).size()).reversed()
                        .thenComparing(Comparator.<String>comparingInt(count::get).reversed())
                        .thenComparing(Comparator.naturalOrder()))
                .orElse(null);
    }
}
