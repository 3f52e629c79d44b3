package dev.tanken.consistency.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.cache.GeoCell;
import dev.tanken.cache.PostCacheService;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the posts of an area into the cache: every geo cell the area touches gets all its posts
 * (so that it can answer nearby searches) and the posts' details are cached. A cell that a write
 * touches while it is being warmed is warmed again.
 */
public final class AreaWarmer {
    private static final int PAGE = 1000;
    private static final int ATTEMPTS = 3;

    private final PostCacheService cache;
    private final DatabaseService db;
    private final CacheAsideReader reader;

    public AreaWarmer(PostCacheService cache, DatabaseService db, CacheAsideReader reader) {
        this.cache = cache;
        this.db = db;
        this.reader = reader;
    }

    /** Returns the number of posts now in the warmed cells. */
    public long warm(GeoPoint center, double radiusMeters) {
        List<GeoCell> cells = cache.cellsCovering(center, radiusMeters).orElseThrow(() -> new InvalidInputException(
                "the cache does not index this area (too close to a pole or more than a few hundred km across);"
                        + " warm smaller areas"));
        long total = 0;
        for (GeoCell cell : cells) {
            total += warmCell(cell);
        }
        return total;
    }

    private long warmCell(GeoCell cell) {
        for (int attempt = 1; ; attempt++) {
            String token = cache.beginWarm(cell);
            Map<PostId, GeoPoint> posts = postsIn(cell);
            List<PostId> ids = new ArrayList<>(posts.keySet());
            Map<PostId, GeoPoint> chunk = new LinkedHashMap<>();
            for (Map.Entry<PostId, GeoPoint> e : posts.entrySet()) {
                chunk.put(e.getKey(), e.getValue());
                if (chunk.size() == PAGE) {
                    cache.warmAdd(cell, chunk);
                    chunk.clear();
                }
            }
            cache.warmAdd(cell, chunk);
            for (int i = 0; i < ids.size(); i += PAGE) {
                reader.read(ids.subList(i, Math.min(ids.size(), i + PAGE)), true);
            }
            if (cache.commitWarm(cell, token)) {
                return posts.size();
            }
            if (attempt == ATTEMPTS) {
                throw new StorageException("cell " + cell.id() + " kept changing while it was warmed; try again");
            }
        }
    }

    private Map<PostId, GeoPoint> postsIn(GeoCell cell) {
        GeoPoint mid = GeoPoint.of((cell.south() + cell.north()) / 2, (cell.west() + cell.east()) / 2);
        double reach = 0;
        for (double lat : new double[] {cell.south(), cell.north()}) {
            for (double lon : new double[] {cell.west(), cell.east()}) {
                reach = Math.max(reach, SphericalGeometry.distanceMeters(mid, GeoPoint.of(lat, lon)));
            }
        }
        Map<PostId, GeoPoint> out = new LinkedHashMap<>();
        String cursor = null;
        do {
            Page<NearbyPost> page = db.nearby(mid, reach + 1, PAGE, cursor);
            for (NearbyPost n : page.items()) {
                GeoPoint p = n.post().location();
                if (cell.contains(p.latitude(), p.longitude())) {
                    out.put(n.post().id(), p);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }
}
