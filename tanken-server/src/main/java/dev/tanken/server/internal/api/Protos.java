package dev.tanken.server.internal.api;

import com.google.protobuf.Timestamp;
import dev.tanken.api.v1.Location;
import dev.tanken.geocode.PlaceMatch;
import dev.tanken.geocode.PostPlace;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureSize;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.UserRef;
import dev.tanken.server.internal.connect.ConnectError;
import java.time.Instant;
import java.util.UUID;

/** Conversions between Tanken's model and the API's messages; input conversions validate. */
public final class Protos {
    public static final int DEFAULT_PAGE = 20;
    public static final int MAX_PAGE = 100;

    private Protos() {
    }

    public static dev.tanken.api.v1.Post post(Post p, PostPlace place, Double distanceMeters) {
        dev.tanken.api.v1.Post.Builder b = dev.tanken.api.v1.Post.newBuilder()
                .setPostId(p.id().toString())
                .setTimestamp(timestamp(p.createdAt()))
                .setAuthor(user(p.author()))
                .setContent(p.caption() == null ? "" : p.caption())
                .setLikes(p.likes())
                .setBookmarks(p.bookmarks())
                .setComments(p.comments())
                .addAllTags(p.tags())
                .setPrecision(precision(p.locationPrecision()));
        if (p.location() != null) {
            b.setLocation(location(p.location()));
        }
        if (distanceMeters != null) {
            b.setDistanceMeters(distanceMeters);
        }
        p.variant(PictureSize.THUMB).ifPresent(v -> b.setThumbUrl(pictureUrl(p.id(), PictureSize.THUMB)));
        p.variant(PictureSize.LARGE).ifPresent(v -> b.setLargeUrl(pictureUrl(p.id(), PictureSize.LARGE)));
        if (p.takenAt() != null) {
            b.setTakenAt(p.takenAt().toString());
        }
        if (place != null && place.name() != null) {
            b.setPlaceName(place.name());
        }
        return b.build();
    }

    public static String pictureUrl(PostId id, PictureSize size) {
        return "/pictures/" + id + "/" + size.code();
    }

    public static dev.tanken.api.v1.UserRef user(UserRef u) {
        return dev.tanken.api.v1.UserRef.newBuilder().setUserId(u.id().toString()).setUsername(u.username()).build();
    }

    public static dev.tanken.api.v1.Comment comment(Comment c) {
        return dev.tanken.api.v1.Comment.newBuilder()
                .setCommentId(c.id().toString())
                .setPostId(c.postId().toString())
                .setAuthor(user(c.author()))
                .setTimestamp(timestamp(c.createdAt()))
                .setText(c.text())
                .build();
    }

    public static Location location(GeoPoint g) {
        Location.Builder b = Location.newBuilder().setLatitude(g.latitude()).setLongitude(g.longitude());
        if (g.altitude() != null) {
            b.setAltitude(g.altitude());
        }
        return b.build();
    }

    public static dev.tanken.api.v1.Place place(PlaceMatch m) {
        return dev.tanken.api.v1.Place.newBuilder()
                .setName(m.place().name())
                .setAdmin1(m.place().admin1())
                .setCountryCode(m.place().countryCode())
                .setCountry(m.place().countryName())
                .setLocation(location(m.place().location()))
                .setPopulation(m.place().population())
                .setDistanceMeters(m.distanceMeters())
                .setLabel(m.label())
                .build();
    }

    public static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    /** Null for an unset timestamp. */
    public static Instant instant(Timestamp t, boolean present) {
        if (!present) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
        } catch (RuntimeException e) {
            throw ConnectError.invalidArgument("timestamp out of range");
        }
    }

    /** A location the caller must give: missing is an error, as are coordinates off the globe. */
    public static GeoPoint requireLocation(Location l, boolean present, String what) {
        if (!present) {
            throw ConnectError.invalidArgument(what + " is required");
        }
        return geoPoint(l);
    }

    public static GeoPoint geoPoint(Location l) {
        // GeoPoint validates ranges and finiteness with a message that names the bad value.
        return new GeoPoint(l.getLatitude(), l.getLongitude(), l.hasAltitude() ? l.getAltitude() : null);
    }

    public static dev.tanken.api.v1.LocationPrecision precision(LocationPrecision p) {
        return switch (p) {
            case EXACT -> dev.tanken.api.v1.LocationPrecision.LOCATION_PRECISION_EXACT;
            case APPROXIMATE -> dev.tanken.api.v1.LocationPrecision.LOCATION_PRECISION_APPROXIMATE;
            case HIDDEN -> dev.tanken.api.v1.LocationPrecision.LOCATION_PRECISION_HIDDEN;
        };
    }

    /** Null for unspecified (the user's default). */
    public static LocationPrecision precision(dev.tanken.api.v1.LocationPrecision p) {
        return switch (p) {
            case LOCATION_PRECISION_UNSPECIFIED -> null;
            case LOCATION_PRECISION_EXACT -> LocationPrecision.EXACT;
            case LOCATION_PRECISION_APPROXIMATE -> LocationPrecision.APPROXIMATE;
            case LOCATION_PRECISION_HIDDEN -> LocationPrecision.HIDDEN;
            default -> throw ConnectError.invalidArgument("unknown location precision");
        };
    }

    public static PostId postId(String text) {
        return PostId.parse(text);
    }

    public static UUID commentId(String text) {
        if (text == null || text.isBlank()) {
            throw ConnectError.invalidArgument("comment id must not be empty");
        }
        try {
            if (text.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ConnectError.invalidArgument("not a comment id (expected a UUID)");
        }
    }

    /** A page size: 0 takes the default; otherwise 1 to {@value #MAX_PAGE}. */
    public static int limit(int requested, int defaultLimit) {
        if (requested == 0) {
            return defaultLimit;
        }
        if (requested < 0 || requested > MAX_PAGE) {
            throw ConnectError.invalidArgument("limit must be between 1 and " + MAX_PAGE + ", got " + requested);
        }
        return requested;
    }

    /** A page token as the library's cursor: empty for the first page. */
    public static String cursor(String token) {
        return token == null || token.isEmpty() ? null : token;
    }

    public static String token(String cursor) {
        return cursor == null ? "" : cursor;
    }
}
