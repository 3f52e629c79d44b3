package dev.tanken.cli.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.model.Comment;
import dev.tanken.model.Post;
import java.io.IOException;

/** The JSON shapes of the social and activity commands; field names and order are part of the CLI. */
public final class SocialViews {
    private SocialViews() {
    }

    /**
     * {@code tanken like|unlike|bookmark|unbookmark --json}: postId, user, action, changed (false
     * when there was nothing to do), likes, bookmarks, queued (false).
     */
    public record Reaction(Post post, String user, String action, boolean changed) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("postId", post.id().toString());
            json.writeStringField("user", user);
            json.writeStringField("action", action);
            json.writeBooleanField("changed", changed);
            json.writeNumberField("likes", post.likes());
            json.writeNumberField("bookmarks", post.bookmarks());
            json.writeBooleanField("queued", false);
            json.writeEndObject();
        }
    }

    /**
     * A reaction queued under write-back: postId, user, action, queued (true). Nothing else is known
     * yet: whether it changes anything, and the counters, are decided when the database applies it.
     */
    public record QueuedReaction(dev.tanken.model.PostId postId, String user, String action) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("postId", postId.toString());
            json.writeStringField("user", user);
            json.writeStringField("action", action);
            json.writeBooleanField("queued", true);
            json.writeEndObject();
        }
    }

    /** A comment: commentId, postId, author, createdAt, text. */
    public record CommentView(Comment comment) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("commentId", comment.id().toString());
            json.writeStringField("postId", comment.postId().toString());
            json.writeStringField("author", comment.author().username());
            json.writeStringField("createdAt", comment.createdAt().toString());
            json.writeStringField("text", comment.text());
            json.writeEndObject();
        }
    }

    /** {@code tanken delete --json}: postId, deleted (true), author, likes, bookmarks, comments. */
    public record Deleted(Post post) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("postId", post.id().toString());
            json.writeBooleanField("deleted", true);
            json.writeStringField("author", post.author().username());
            json.writeNumberField("likes", post.likes());
            json.writeNumberField("bookmarks", post.bookmarks());
            json.writeNumberField("comments", post.comments());
            json.writeEndObject();
        }
    }

    /** An activity entry: id, occurredAt, actor, action, subjectType, subjectId, payload (an object). */
    public record Entry(ActivityEntry entry) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("id", entry.id().toString());
            json.writeStringField("occurredAt", entry.occurredAt().toString());
            json.writeStringField("actor", entry.actor());
            json.writeStringField("action", entry.action());
            json.writeStringField("subjectType", entry.subjectType());
            json.writeStringField("subjectId", entry.subjectId());
            json.writeFieldName("payload");
            json.writeRawValue(entry.payloadJson());
            json.writeStringField("app", entry.app());
            json.writeEndObject();
        }
    }
}
