package dev.tanken.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.Actions;
import dev.tanken.db.Write;
import dev.tanken.model.Comment;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.Post;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.util.List;

/**
 * The entries Tanken records for its actions, in one place so that their payloads stay consistent.
 * Payloads name people by username (what a reader of the log searches for) and never carry a
 * post's location.
 */
public final class ActivityEntries {
    private ActivityEntries() {
    }

    public static ActivityEntry userCreated(User user) {
        ObjectNode p = ActivityEntry.newPayload().put("username", user.username());
        return ActivityEntry.now(user.username(), Actions.USER_CREATE, Actions.SUBJECT_USER, user.id().toString(), p);
    }

    public static ActivityEntry precisionSet(User user, LocationPrecision precision) {
        ObjectNode p = ActivityEntry.newPayload()
                .put("precision", precision.code())
                .put("previous", user.defaultLocationPrecision().code());
        return ActivityEntry.now(user.username(), Actions.USER_PRECISION, Actions.SUBJECT_USER, user.id().toString(), p);
    }

    /** Recorded under the new name: the actor is who the user is from now on. */
    public static ActivityEntry userRenamed(User user, String username) {
        ObjectNode p = ActivityEntry.newPayload().put("username", username).put("previous", user.username());
        return ActivityEntry.now(username, Actions.USER_RENAME, Actions.SUBJECT_USER, user.id().toString(), p);
    }

    /** What went with the user is known after the delete; the entry names the user. */
    public static ActivityEntry userDeleted(User user) {
        ObjectNode p = ActivityEntry.newPayload().put("username", user.username());
        return ActivityEntry.now(user.username(), Actions.USER_DELETE, Actions.SUBJECT_USER, user.id().toString(), p);
    }

    public static ActivityEntry postCreated(Post post) {
        ObjectNode p = ActivityEntry.newPayload().put("author", post.author().username());
        tags(p.putArray("tags"), post.tags());
        p.put("mediaType", post.picture().mediaType())
                .put("width", post.picture().width())
                .put("height", post.picture().height())
                .put("sha256", post.picture().sha256())
                .put("hasCaption", !post.caption().isEmpty())
                .put("locationPrecision", post.locationPrecision().code())
                .put("variants", post.variants().size());
        if (post.takenAt() != null) {
            p.put("takenAt", post.takenAt().toString());
        }
        return ActivityEntry.now(post.author().username(), Actions.POST_CREATE, Actions.SUBJECT_POST,
                post.id().toString(), p);
    }

    public static ActivityEntry postDeleted(UserRef by, Post post) {
        ObjectNode p = ActivityEntry.newPayload().put("author", post.author().username());
        tags(p.putArray("tags"), post.tags());
        p.put("likes", post.likes()).put("bookmarks", post.bookmarks()).put("comments", post.comments())
                .put("sha256", post.picture().sha256());
        return ActivityEntry.now(by.username(), Actions.POST_DELETE, Actions.SUBJECT_POST, post.id().toString(), p);
    }

    public static ActivityEntry tagsSet(UserRef by, Post before, List<String> tags) {
        ObjectNode p = ActivityEntry.newPayload().put("author", before.author().username());
        tags(p.putArray("tags"), tags);
        tags(p.putArray("previousTags"), before.tags());
        return ActivityEntry.now(by.username(), Actions.POST_TAGS, Actions.SUBJECT_POST, before.id().toString(), p);
    }

    /** The like, unlike, bookmark or unbookmark, recording its entry. */
    public static Write.Reaction reaction(Write.Reaction reaction, UserRef by, Post post) {
        ObjectNode p = ActivityEntry.newPayload().put("postAuthor", post.author().username());
        return reaction.withEntry(ActivityEntry.now(by.username(), reaction.action(), Actions.SUBJECT_POST,
                post.id().toString(), p));
    }

    /** A post's location precision changed from the one {@code before} had. */
    public static ActivityEntry postPrecisionSet(UserRef by, Post before, LocationPrecision precision) {
        ObjectNode p = ActivityEntry.newPayload()
                .put("author", before.author().username())
                .put("precision", precision.code())
                .put("previous", before.locationPrecision().code());
        return ActivityEntry.now(by.username(), Actions.POST_PRECISION, Actions.SUBJECT_POST, before.id().toString(),
                p);
    }

    /** A caption replaced; like a comment's, its text stays out of the log, only its length goes in. */
    public static ActivityEntry captionSet(UserRef by, Post before, String caption) {
        ObjectNode p = ActivityEntry.newPayload()
                .put("author", before.author().username())
                .put("length", caption.codePointCount(0, caption.length()))
                .put("previousLength", before.caption().codePointCount(0, before.caption().length()));
        return ActivityEntry.now(by.username(), Actions.POST_CAPTION, Actions.SUBJECT_POST, before.id().toString(), p);
    }

    /** A place name set ({@code name} non-null) or removed. */
    public static ActivityEntry placeNamed(UserRef by, Post post, String name, String previous) {
        ObjectNode p = ActivityEntry.newPayload().put("author", post.author().username());
        if (name == null) {
            p.putNull("name");
        } else {
            p.put("name", name);
        }
        if (previous == null) {
            p.putNull("previous");
        } else {
            p.put("previous", previous);
        }
        return ActivityEntry.now(by.username(), Actions.POST_PLACE, Actions.SUBJECT_POST, post.id().toString(), p);
    }

    public static ActivityEntry commentAdded(Comment comment, Post post) {
        ObjectNode p = ActivityEntry.newPayload()
                .put("postId", post.id().toString())
                .put("postAuthor", post.author().username())
                .put("length", comment.text().codePointCount(0, comment.text().length()));
        return ActivityEntry.now(comment.author().username(), Actions.COMMENT_CREATE, Actions.SUBJECT_COMMENT,
                comment.id().toString(), p);
    }

    public static ActivityEntry commentRemoved(UserRef by, Comment comment, Post post) {
        ObjectNode p = ActivityEntry.newPayload()
                .put("postId", post.id().toString())
                .put("postAuthor", post.author().username())
                .put("commentAuthor", comment.author().username())
                .put("deletedBy", by.id().equals(comment.author().id()) ? "comment-author" : "post-author");
        return ActivityEntry.now(by.username(), Actions.COMMENT_DELETE, Actions.SUBJECT_COMMENT,
                comment.id().toString(), p);
    }

    private static void tags(ArrayNode array, List<String> tags) {
        tags.forEach(array::add);
    }
}
