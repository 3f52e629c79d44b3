package dev.tanken.map;

import dev.tanken.Tanken;
import dev.tanken.db.DatabaseService;
import dev.tanken.db.NearbyPost;
import dev.tanken.db.Page;
import dev.tanken.discover.Exploration;
import dev.tanken.discover.ExploreQuery;
import dev.tanken.model.GeoPoint;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link MapScene} from what a Tanken instance holds. */
public final class MapScenes {
    /** At most this many post dots: beyond that a map is a smudge, and hotspots say more. */
    public static final int MAX_POST_DOTS = 5_000;

    private MapScenes() {
    }

    /**
     * The hotspots of {@code query} and up to {@link #MAX_POST_DOTS} of the nearest posts, both as the
     * query's viewer may see them, newer than its {@code since}.
     */
    public static MapScene around(Tanken tanken, ExploreQuery query, String title) {
        Exploration exploration = tanken.explore(query);
        List<GeoPoint> dots = new ArrayList<>();
        String cursor = null;
        do {
            int want = Math.min(DatabaseService.MAX_LIMIT, MAX_POST_DOTS - dots.size());
            Page<NearbyPost> page = tanken.nearby(query.center(), query.radiusMeters(), want, cursor, query.viewerId());
            for (NearbyPost hit : page.items()) {
                if (query.since() == null || !hit.post().createdAt().isBefore(query.since())) {
                    dots.add(hit.post().location());
                }
            }
            cursor = dots.size() < MAX_POST_DOTS ? page.nextCursor() : null;
        } while (cursor != null);
        return new MapScene(query.center(), query.radiusMeters(), dots, exploration.hotspots(), title);
    }
}
