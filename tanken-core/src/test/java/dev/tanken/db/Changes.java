package dev.tanken.db;

import dev.tanken.model.Post;
import dev.tanken.model.User;
import java.util.Collection;
import java.util.List;

/** Short forms for tests: what a list of writes changed, posts as creations, the user a creation made. */
public final class Changes {
    private Changes() {
    }

    public static List<Boolean> changed(List<Applied> applied) {
        return applied.stream().map(Applied::changed).toList();
    }

    public static List<Write> creates(Collection<Post> posts) {
        return posts.stream().<Write>map(Write.CreatePost::new).toList();
    }

    /** The four kinds of reaction, by verb. */
    public static final List<String> KINDS = List.of("like", "unlike", "bookmark", "unbookmark");

    public static Write.Reaction reaction(String verb, dev.tanken.model.PostId postId, java.util.UUID userId,
            dev.tanken.activity.ActivityEntry entry) {
        return Write.Reaction.of(!verb.startsWith("un"), verb.endsWith("like"), postId, userId, entry);
    }

    public static User user(Applied applied) {
        return ((Write.CreateUser) applied.write()).user();
    }
}
