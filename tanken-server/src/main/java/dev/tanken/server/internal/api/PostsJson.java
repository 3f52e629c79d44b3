package dev.tanken.server.internal.api;

import com.google.protobuf.Timestamp;
import dev.tanken.api.v1.Location;
import dev.tanken.api.v1.LocationPrecision;
import dev.tanken.api.v1.Post;
import dev.tanken.api.v1.UserRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The JSON of post lists, written directly: protobuf's {@code JsonFormat} walks each message by
 * reflection, which costs a large share of a nearby call. The output is protobuf's JSON mapping of
 * the same message (same names, int64 as strings, defaults left out), which a test checks by
 * parsing it back with {@code JsonFormat} for many generated posts.
 */
public final class PostsJson {
    private PostsJson() {
    }

    /** {@code {"posts":[...],"nextPageToken":"..."}}; an empty token is left out. */
    public static byte[] page(List<Post> posts, String nextPageToken) {
        StringBuilder b = new StringBuilder(256 + posts.size() * 640).append('{');
        boolean any = false;
        if (!posts.isEmpty()) {
            b.append("\"posts\":[");
            for (int i = 0; i < posts.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                post(b, posts.get(i));
            }
            b.append(']');
            any = true;
        }
        if (!nextPageToken.isEmpty()) {
            if (any) {
                b.append(',');
            }
            b.append("\"nextPageToken\":");
            string(b, nextPageToken);
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static void post(StringBuilder b, Post p) {
        Fields f = new Fields(b);
        f.string("postId", p.getPostId());
        if (p.hasTimestamp()) {
            f.name("timestamp");
            timestamp(b, p.getTimestamp());
        }
        if (p.hasAuthor()) {
            f.name("author");
            user(b, p.getAuthor());
        }
        f.string("content", p.getContent());
        if (p.hasLocation()) {
            f.name("location");
            location(b, p.getLocation());
        }
        f.int64("likes", p.getLikes());
        f.int64("bookmarks", p.getBookmarks());
        f.int64("comments", p.getComments());
        if (p.getTagsCount() > 0) {
            f.name("tags");
            b.append('[');
            for (int i = 0; i < p.getTagsCount(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                string(b, p.getTags(i));
            }
            b.append(']');
        }
        if (p.hasDistanceMeters()) {
            f.name("distanceMeters");
            number(b, p.getDistanceMeters());
        }
        f.string("thumbUrl", p.getThumbUrl());
        f.string("largeUrl", p.getLargeUrl());
        f.string("takenAt", p.getTakenAt());
        f.string("placeName", p.getPlaceName());
        LocationPrecision precision = p.getPrecision();
        if (precision != LocationPrecision.LOCATION_PRECISION_UNSPECIFIED) {
            f.name("precision");
            if (precision == LocationPrecision.UNRECOGNIZED) {
                b.append(p.getPrecisionValue());
            } else {
                b.append('"').append(precision.name()).append('"');
            }
        }
        b.append('}');
    }

    private static void user(StringBuilder b, UserRef u) {
        Fields f = new Fields(b);
        f.string("userId", u.getUserId());
        f.string("username", u.getUsername());
        b.append('}');
    }

    private static void location(StringBuilder b, Location l) {
        Fields f = new Fields(b);
        f.dbl("latitude", l.getLatitude());
        f.dbl("longitude", l.getLongitude());
        if (l.hasAltitude()) {
            f.name("altitude");
            number(b, l.getAltitude());
        }
        b.append('}');
    }

    private static void timestamp(StringBuilder b, Timestamp t) {
        // RFC 3339 in UTC with 0, 3, 6 or 9 fraction digits: Instant's own form.
        b.append('"').append(Instant.ofEpochSecond(t.getSeconds(), t.getNanos())).append('"');
    }

    private static void number(StringBuilder b, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            b.append('"').append(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity").append('"');
        } else {
            b.append(v);
        }
    }

    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                case '\u2028' -> b.append("\\u2028");
                case '\u2029' -> b.append("\\u2029");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** Writes the fields of one object, opening it and putting the commas between them. */
    private static final class Fields {
        private final StringBuilder b;
        private boolean first = true;

        Fields(StringBuilder b) {
            this.b = b;
            b.append('{');
        }

        void name(String name) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append('"').append(name).append("\":");
        }

        void string(String name, String value) {
            if (!value.isEmpty()) {
                name(name);
                PostsJson.string(b, value);
            }
        }

        void int64(String name, long value) {
            if (value != 0) {
                name(name);
                b.append('"').append(value).append('"');
            }
        }

        void dbl(String name, double value) {
            // Proto3 leaves out only the default, +0.0; -0.0 is a value.
            if (Double.doubleToRawLongBits(value) != 0) {
                name(name);
                number(b, value);
            }
        }
    }
}
