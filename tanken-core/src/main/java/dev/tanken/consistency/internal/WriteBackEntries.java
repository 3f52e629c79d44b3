package dev.tanken.consistency.internal;

import dev.tanken.StorageException;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.cache.internal.PostCodec;
import dev.tanken.db.Write;
import dev.tanken.model.Comment;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PostId;
import dev.tanken.model.UserRef;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The write-back stream's encoding of a {@link Write}: one self-contained entry per write, with its
 * activity entry. Only the writes the tier defers are queued; the others (users, precisions, place
 * names) go to the database under every policy, and encoding one is a programming error.
 */
public final class WriteBackEntries {
    private WriteBackEntries() {
    }

    /** The entry for {@code write}. */
    public static Map<String, String> encode(Write write, GeoPoint indexedAt) {
        return encode(write, indexedAt, null);
    }

    /**
     * The entry for {@code write}. A delete carries where the post was indexed ({@code indexedAt},
     * null for a hidden post), so that the flusher can take it out of the geo index; a comment
     * removal carries its post ({@code commentPost}), whose counters the flusher then invalidates.
     */
    public static Map<String, String> encode(Write write, GeoPoint indexedAt, PostId commentPost) {
        Map<String, String> f = write.accept(new Write.Cases<Map<String, String>, RuntimeException>() {
            @Override
            public Map<String, String> createUser(Write.CreateUser w) {
                throw notQueued(w);
            }

            @Override
            public Map<String, String> setDefaultPrecision(Write.SetDefaultPrecision w) {
                throw notQueued(w);
            }

            @Override
            public Map<String, String> createPost(Write.CreatePost w) {
                Map<String, String> f = base("create", w.post().id());
                f.put("data", Base64.getEncoder().encodeToString(PostCodec.encode(w.post())));
                return f;
            }

            /** The tags applied are the cached pending details at flush time (the latest wins). */
            @Override
            public Map<String, String> setTags(Write.SetTags w) {
                Map<String, String> f = base("tags", w.postId());
                f.put("tags", String.join(" ", w.tags()));
                return f;
            }

            @Override
            public Map<String, String> deletePost(Write.DeletePost w) {
                Map<String, String> f = base("delete", w.postId());
                if (indexedAt != null) {
                    f.put("lat", Double.toString(indexedAt.latitude()));
                    f.put("lon", Double.toString(indexedAt.longitude()));
                }
                return f;
            }

            @Override
            public Map<String, String> reaction(Write.Reaction w) {
                Map<String, String> f = base(w.verb(), w.postId());
                f.put("user", w.userId().toString());
                return f;
            }

            @Override
            public Map<String, String> addComment(Write.AddComment w) {
                Comment c = w.comment();
                Map<String, String> f = base("comment", c.postId());
                f.put("comment", c.id().toString());
                f.put("author", c.author().id().toString());
                f.put("authorName", c.author().username());
                f.put("at", c.createdAt().toString());
                f.put("text", c.text());
                return f;
            }

            @Override
            public Map<String, String> removeComment(Write.RemoveComment w) {
                if (commentPost == null) {
                    throw new IllegalArgumentException("a queued comment removal names its post");
                }
                Map<String, String> f = base("uncomment", commentPost);
                f.put("comment", w.commentId().toString());
                return f;
            }

            @Override
            public Map<String, String> setPlaceName(Write.SetPlaceName w) {
                throw notQueued(w);
            }

            @Override
            public Map<String, String> renameUser(Write.RenameUser w) {
                throw notQueued(w);
            }

            @Override
            public Map<String, String> deleteUser(Write.DeleteUser w) {
                throw notQueued(w);
            }

            /** As with tags, the caption applied is the pending details' at flush time. */
            @Override
            public Map<String, String> setCaption(Write.SetCaption w) {
                Map<String, String> f = base("caption", w.postId());
                f.put("caption", w.caption());
                return f;
            }

            /** As with tags, the precision applied is the pending details' at flush time. */
            @Override
            public Map<String, String> setPostPrecision(Write.SetPostPrecision w) {
                Map<String, String> f = base("precision", w.postId());
                f.put("precision", w.precision().code());
                return f;
            }
        });
        ActivityEntry entry = write.entry();
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

    private static IllegalArgumentException notQueued(Write w) {
        return new IllegalArgumentException(w.getClass().getSimpleName() + " is never queued: it is written through");
    }

    /**
     * The write an entry stands for, with its activity entry.
     *
     * @throws StorageException if the entry is malformed or names an unknown operation
     */
    public static Write decode(Map<String, String> f) {
        ActivityEntry entry = activity(f);
        String op = required(f, "op");
        PostId post = post(f);
        try {
            return switch (op) {
                case "create" -> new Write.CreatePost(PostCodec.decode(Base64.getDecoder().decode(required(f, "data"))),
                        entry);
                case "tags" -> {
                    String tags = f.get("tags");
                    yield new Write.SetTags(post, tags == null || tags.isEmpty() ? List.of()
                            : List.of(tags.split(" ")), entry);
                }
                case "precision" -> new Write.SetPostPrecision(post,
                        LocationPrecision.parse(required(f, "precision")), entry);
                case "caption" -> new Write.SetCaption(post, required(f, "caption"), entry);
                case "delete" -> new Write.DeletePost(post, entry);
                case "like", "unlike", "bookmark", "unbookmark" -> Write.Reaction.of(!op.startsWith("un"),
                        op.endsWith("like"), post, UUID.fromString(required(f, "user")), entry);
                case "comment" -> new Write.AddComment(new Comment(commentId(f), post,
                        new UserRef(UUID.fromString(required(f, "author")), required(f, "authorName")),
                        Instant.parse(required(f, "at")), required(f, "text")), entry);
                case "uncomment" -> new Write.RemoveComment(commentId(f), entry);
                default -> throw new StorageException("unknown write-back operation '" + op + "'");
            };
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException
                | dev.tanken.InvalidInputException e) {
            throw new StorageException("malformed write-back entry (" + e.getMessage() + "): " + f, e);
        }
    }

    /** Where a deleted post was indexed, or null. */
    public static GeoPoint location(Map<String, String> f) {
        String lat = f.get("lat");
        return lat == null ? null : GeoPoint.of(Double.parseDouble(lat), Double.parseDouble(required(f, "lon")));
    }

    /** The post an entry is about (for a comment removal, the comment's post). */
    public static PostId post(Map<String, String> f) {
        return PostId.parse(required(f, "post"));
    }

    /** The activity entry recorded with the operation, or null. */
    static ActivityEntry activity(Map<String, String> f) {
        String id = f.get("a.id");
        if (id == null) {
            return null;
        }
        return new ActivityEntry(UUID.fromString(id), Instant.parse(required(f, "a.at")), required(f, "a.actor"),
                required(f, "a.action"), required(f, "a.type"), required(f, "a.subject"),
                ActivityEntry.parsePayload(required(f, "a.payload")));
    }

    private static UUID commentId(Map<String, String> f) {
        return UUID.fromString(required(f, "comment"));
    }

    private static Map<String, String> base(String op, PostId id) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("op", op);
        f.put("post", id.toString());
        return f;
    }

    private static String required(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            throw new StorageException("write-back entry lacks field '" + name + "': " + f);
        }
        return v;
    }
}
