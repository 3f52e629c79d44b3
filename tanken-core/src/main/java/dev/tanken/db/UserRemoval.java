package dev.tanken.db;

import dev.tanken.InvalidInputException;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import java.util.List;
import java.util.Set;

/**
 * What deleting a user removed from the database, so that copies held elsewhere (cached posts, geo
 * cells, blobs) can follow.
 *
 * @param user the user as it was
 * @param posts the user's posts as they were (their tags, variants, comments, likes, bookmarks and
 *     place names went with them)
 * @param recounted other users' posts whose counters dropped: the user had liked, bookmarked or
 *     commented on them
 * @param likes the user's likes removed from other users' posts
 * @param bookmarks the user's bookmarks removed from other users' posts
 * @param comments the user's comments removed from other users' posts
 */
public record UserRemoval(User user, List<Post> posts, Set<PostId> recounted, long likes, long bookmarks,
        long comments) {
    public UserRemoval {
        if (user == null || posts == null || recounted == null) {
            throw new InvalidInputException("a user removal names the user, its posts and the recounted posts");
        }
        posts = List.copyOf(posts);
        recounted = Set.copyOf(recounted);
    }
}
