package dev.tanken.server.internal.api;

import dev.tanken.Tanken;
import dev.tanken.api.v1.Explore;
import dev.tanken.api.v1.ExploreRequest;
import dev.tanken.api.v1.ExploreResponse;
import dev.tanken.api.v1.PlaceAtRequest;
import dev.tanken.api.v1.PlaceAtResponse;
import dev.tanken.discover.Exploration;
import dev.tanken.discover.ExploreQuery;
import dev.tanken.discover.Hotspot;
import dev.tanken.server.internal.connect.Caller;
import dev.tanken.server.internal.connect.ConnectError;
import dev.tanken.server.internal.connect.RpcRegistry;

/** {@code tanken.v1.ExploreService}: hotspots and place names. */
public final class ExploreRpc {
    private final Tanken tanken;
    private final Viewers viewers;

    public ExploreRpc(Tanken tanken, Viewers viewers) {
        this.tanken = tanken;
        this.viewers = viewers;
    }

    public void register(RpcRegistry r) {
        var s = Explore.getDescriptor().findServiceByName("ExploreService");
        r.add(s, "Explore", ExploreRequest.getDefaultInstance(), this::explore);
        r.add(s, "PlaceAt", PlaceAtRequest.getDefaultInstance(), (c, q) -> {
            var point = Protos.requireLocation(q.getLocation(), q.hasLocation(), "location");
            var b = PlaceAtResponse.newBuilder();
            tanken.placeAt(point).ifPresent(m -> b.setPlace(Protos.place(m)));
            return b.build();
        });
    }

    private ExploreResponse explore(Caller caller, ExploreRequest q) {
        var center = Protos.requireLocation(q.getLocation(), q.hasLocation(), "location");
        if (!(q.getRadiusMeters() > 0)) {
            throw ConnectError.invalidArgument("radiusMeters must be more than 0");
        }
        ExploreQuery query = ExploreQuery.around(center, q.getRadiusMeters())
                .withLimit(q.getLimit() == 0 ? ExploreQuery.DEFAULT_LIMIT : q.getLimit())
                .withSince(Protos.instant(q.getSince(), q.hasSince()))
                .withViewer(viewers.id(caller));
        Exploration found = tanken.explore(query);
        var b = ExploreResponse.newBuilder().setPostsScanned(found.postsScanned()).setTruncated(found.truncated());
        for (Hotspot h : found.hotspots()) {
            var hb = dev.tanken.api.v1.Hotspot.newBuilder()
                    .setCenter(Protos.location(h.center()))
                    .setRadiusMeters(h.radiusMeters())
                    .setDistanceMeters(h.distanceMeters())
                    .setPosts(h.posts())
                    .setPosters(h.posters())
                    .addAllTopTags(h.topTags())
                    .setScore(h.score());
            if (h.coverPostId() != null) {
                hb.setCoverPostId(h.coverPostId().toString());
            }
            if (h.placeName() != null) {
                hb.setPlaceName(h.placeName());
            }
            b.addHotspots(hb);
        }
        return b.build();
    }
}
