package dev.tanken.cli.commands;

import dev.tanken.NotFoundException;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.SocialViews;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tanken like|unlike|bookmark|unbookmark POST}: idempotent; doing it twice changes nothing
 * the second time and says so.
 */
abstract class ReactionCommand extends TankenSubcommand {
    static final String JSON_SHAPE = "With --json, prints one JSON object: postId, user, action, changed (false when "
            + "there was nothing to do), likes, bookmarks.";

    @Parameters(paramLabel = "POST", description = "The post id (a UUID).")
    String post;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Who acts (default: the OS user); like and bookmark create the user on first use, "
                    + "unlike and unbookmark never do.")
    String user;

    abstract String action();

    abstract boolean apply(Tanken tanken, String username, PostId postId);

    abstract String done(String username, PostId postId, Post after);

    abstract String unchanged(String username, PostId postId);

    @Override
    public Integer call() {
        PostId postId = PostId.parse(post);
        String username = actingUser(user);
        boolean changed;
        Post after;
        try (Tanken tanken = openTanken()) {
            changed = apply(tanken, username, postId);
            after = tanken.post(postId).orElseThrow(() -> new NotFoundException("post " + postId + " does not exist"));
        }
        printResult(new SocialViews.Reaction(after, username, action(), changed),
                changed ? done(username, postId, after) : unchanged(username, postId));
        return ExitCodes.OK;
    }

    @Command(name = "like", header = "Like a post.", description = JSON_SHAPE)
    static final class Like extends ReactionCommand {
        @Override String action() { return "like"; }
        @Override boolean apply(Tanken t, String u, PostId p) { return t.like(u, p); }
        @Override String done(String u, PostId p, Post a) { return u + " likes post " + p + " (" + a.likes() + " likes)"; }
        @Override String unchanged(String u, PostId p) { return u + " already likes post " + p; }
    }

    @Command(name = "unlike", header = "Take back a like.", description = JSON_SHAPE)
    static final class Unlike extends ReactionCommand {
        @Override String action() { return "unlike"; }
        @Override boolean apply(Tanken t, String u, PostId p) { return t.unlike(u, p); }
        @Override String done(String u, PostId p, Post a) { return u + " no longer likes post " + p + " (" + a.likes() + " likes)"; }
        @Override String unchanged(String u, PostId p) { return u + " did not like post " + p; }
    }

    @Command(name = "bookmark", header = "Bookmark a post.", description = JSON_SHAPE)
    static final class Bookmark extends ReactionCommand {
        @Override String action() { return "bookmark"; }
        @Override boolean apply(Tanken t, String u, PostId p) { return t.bookmark(u, p); }
        @Override String done(String u, PostId p, Post a) { return u + " bookmarked post " + p; }
        @Override String unchanged(String u, PostId p) { return u + " had already bookmarked post " + p; }
    }

    @Command(name = "unbookmark", header = "Remove a bookmark.", description = JSON_SHAPE)
    static final class Unbookmark extends ReactionCommand {
        @Override String action() { return "unbookmark"; }
        @Override boolean apply(Tanken t, String u, PostId p) { return t.unbookmark(u, p); }
        @Override String done(String u, PostId p, Post a) { return u + " removed the bookmark of post " + p; }
        @Override String unchanged(String u, PostId p) { return u + " had not bookmarked post " + p; }
    }
}
