package dev.tanken.cli.commands;

import dev.tanken.NotFoundException;
import dev.tanken.ReactionKind;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.SocialViews;
import dev.tanken.db.Applied;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tanken like|unlike|bookmark|unbookmark POST}: idempotent; doing it twice changes nothing
 * the second time and says so. Under write-back it says only that the reaction is queued: whether it
 * changes anything, and the counters, are known once the database applied it.
 */
abstract class ReactionCommand extends TankenSubcommand {
    static final String JSON_SHAPE = "With --json, prints one JSON object: postId, user, action, changed (false when "
            + "there was nothing to do), likes, bookmarks, queued (false); or, under --policy write-back, postId, "
            + "user, action, queued (true): the database decides at the next flush.";

    @Parameters(paramLabel = "POST", description = "The post id, or a beginning of it that no other post id shares (at least 4 digits).")
    String post;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Who acts (default: the OS user); like and bookmark create the user on first use, "
                    + "unlike and unbookmark never do.")
    String user;

    abstract String action();

    abstract ReactionKind kind();

    abstract String done(String username, PostId postId, Post after);

    abstract String unchanged(String username, PostId postId);

    @Override
    public Integer call() {
        dev.tanken.cli.internal.ShortIds.Typed typed = dev.tanken.cli.internal.ShortIds.parse(post);
        String username = actingUser(user);
        PostId postId;
        Applied applied;
        Post after = null;
        try (Tanken tanken = openTanken()) {
            postId = typed.resolve(tanken.database());
            applied = tanken.react(username, postId, kind());
            if (!applied.queued()) {
                after = tanken.post(postId).orElseThrow(() -> new NotFoundException("post " + postId
                        + " does not exist"));
            }
        }
        if (applied.queued()) {
            printResult(new SocialViews.QueuedReaction(postId, username, action()),
                    username + "'s " + action() + " of post " + postId + " is queued (write-back): the database "
                            + "applies it at the next flush");
        } else {
            printResult(new SocialViews.Reaction(after, username, action(), applied.changed()),
                    applied.changed() ? done(username, postId, after) : unchanged(username, postId));
        }
        return ExitCodes.OK;
    }

    @Command(name = "like", header = "Like a post.", description = JSON_SHAPE)
    static final class Like extends ReactionCommand {
        @Override String action() { return "like"; }
        @Override ReactionKind kind() { return ReactionKind.LIKE; }
        @Override String done(String u, PostId p, Post a) { return u + " likes post " + p + " (" + a.likes() + " likes)"; }
        @Override String unchanged(String u, PostId p) { return u + " already likes post " + p; }
    }

    @Command(name = "unlike", header = "Take back a like.", description = JSON_SHAPE)
    static final class Unlike extends ReactionCommand {
        @Override String action() { return "unlike"; }
        @Override ReactionKind kind() { return ReactionKind.UNLIKE; }
        @Override String done(String u, PostId p, Post a) { return u + " no longer likes post " + p + " (" + a.likes() + " likes)"; }
        @Override String unchanged(String u, PostId p) { return u + " did not like post " + p; }
    }

    @Command(name = "bookmark", header = "Bookmark a post.", description = JSON_SHAPE)
    static final class Bookmark extends ReactionCommand {
        @Override String action() { return "bookmark"; }
        @Override ReactionKind kind() { return ReactionKind.BOOKMARK; }
        @Override String done(String u, PostId p, Post a) { return u + " bookmarked post " + p; }
        @Override String unchanged(String u, PostId p) { return u + " had already bookmarked post " + p; }
    }

    @Command(name = "unbookmark", header = "Remove a bookmark.", description = JSON_SHAPE)
    static final class Unbookmark extends ReactionCommand {
        @Override String action() { return "unbookmark"; }
        @Override ReactionKind kind() { return ReactionKind.UNBOOKMARK; }
        @Override String done(String u, PostId p, Post a) { return u + " removed the bookmark of post " + p; }
        @Override String unchanged(String u, PostId p) { return u + " had not bookmarked post " + p; }
    }
}
