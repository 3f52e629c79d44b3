package dev.tanken.consistency.internal;

import dev.tanken.StorageException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.cache.internal.PostCodec;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.UserRef;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The fields of write-back stream entries: one operation each, self-contained. */
public final class WriteBackEntries {
    public enum Op { CREATE, TAGS, DELETE, LIKE, UNLIKE, BOOKMARK, UNBOOKMARK, COMMENT, UNCOMMENT }

    private WriteBackEntries() {
    }

    public static Map<String, String> create(Post post) {
        Map<String, String> f = base(Op.CREATE, post.id());
        f.put("data", Base64.getEncoder().encodeToString(PostCodec.encode(post)));
        return f;
    }

    /** The tags to apply are the cached pending details at flush time (the latest wins). */
    public static Map<String, String> tags(PostId id) {
        return base(Op.TAGS, id);
    }

    /**
     * The indexed location (null for a hidden post) lets the flusher take the post out of the geo
     * index again after the delete.
     */
    public static Map<String, String> delete(PostId id, GeoPoint indexedAt) {
        Map<String, String> f = base(Op.DELETE, id);
        if (indexedAt != null) {
            f.put("lat", Double.toString(indexedAt.latitude()));
            f.put("lon", Double.toString(indexedAt.longitude()));
        }
        return f;
    }

    /** Where a deleted post was indexed, or null. */
    public static GeoPoint location(Map<String, String> f) {
        String lat = f.get("lat");
        return lat == null ? null : GeoPoint.of(Double.parseDouble(lat), Double.parseDouble(required(f, "lon")));
    }

    /** Adds the activity entry to record with the operation (none when null). */
    public static Map<String, String> withActivity(Map<String, String> f, ActivityEntry entry) {
        if (entry != null) {
            f.put("a.id", entry.id().toString());
            f.put("a.at", entry.occurredAt().toString());
            f.put("a.actor", entry.actor());
            f.put("a.action", entry.action());
            f.put("a.type", entry.subjectType());
            f.put("a.subject", entry.subjectId());
            f.put("a.payload", entry.payloadJson());
        }
        return f;
    }

    /** The activity entry recorded with the operation, or null. */
    public static ActivityEntry activity(Map<String, String> f) {
        String id = f.get("a.id");
        if (id == null) {
            return null;
        }
        return new ActivityEntry(UUID.fromString(id), Instant.parse(required(f, "a.at")), required(f, "a.actor"),
                required(f, "a.action"), required(f, "a.type"), required(f, "a.subject"),
                ActivityEntry.parsePayload(required(f, "a.payload")));
    }

    public static Map<String, String> reaction(Op op, PostId id, UUID user) {
        Map<String, String> f = base(op, id);
        f.put("user", user.toString());
        return f;
    }

    public static Map<String, String> comment(Comment c) {
        Map<String, String> f = base(Op.COMMENT, c.postId());
        f.put("comment", c.id().toString());
        f.put("author", c.author().id().toString());
        f.put("authorName", c.author().username());
        f.put("at", c.createdAt().toString());
        f.put("text", c.text());
        return f;
    }

    public static Map<String, String> uncomment(PostId postId, UUID commentId) {
        Map<String, String> f = base(Op.UNCOMMENT, postId);
        f.put("comment", commentId.toString());
        return f;
    }

    private static Map<String, String> base(Op op, PostId id) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("op", op.name().toLowerCase(Locale.ROOT));
        f.put("post", id.toString());
        return f;
    }

    public static Op op(Map<String, String> f) {
        try {
            return Op.valueOf(required(f, "op").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StorageException("unknown write-back operation '" + f.get("op") + "'");
        }
    }

    public static PostId post(Map<String, String> f) {
        return PostId.parse(required(f, "post"));
    }

    public static Post data(Map<String, String> f) {
        return PostCodec.decode(Base64.getDecoder().decode(required(f, "data")));
    }

    public static UUID user(Map<String, String> f) {
        return UUID.fromString(required(f, "user"));
    }

    public static UUID commentId(Map<String, String> f) {
        return UUID.fromString(required(f, "comment"));
    }

    public static Comment commentOf(Map<String, String> f) {
        return new Comment(commentId(f), post(f), new UserRef(UUID.fromString(required(f, "author")),
                required(f, "authorName")), Instant.parse(required(f, "at")), required(f, "text"));
    }

    private static String required(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            throw new StorageException("write-back entry lacks field '" + name + "': " + f);
        }
        return v;
    }
}
