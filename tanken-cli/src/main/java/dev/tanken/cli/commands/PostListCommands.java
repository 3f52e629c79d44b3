package dev.tanken.cli.commands;

import dev.tanken.Tanken;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.PostView;
import dev.tanken.cli.internal.Prompter;
import dev.tanken.cli.internal.SocialViews;
import dev.tanken.cli.internal.ShortIds;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.model.Page;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tanken posts}, {@code tanken bookmarks} and {@code tanken delete}. */
final class PostListCommands {
    private PostListCommands() {
    }

    /** Paging options and the listing shared by posts and bookmarks. */
    abstract static class Listing extends TankenSubcommand {
        @Option(names = "--user", paramLabel = "NAME", description = "Whose posts (default: the OS user).")
        String user;

        @Option(names = "--limit", paramLabel = "N", converter = dev.tanken.cli.internal.PageSizeConverter.class, defaultValue = "20",
                description = "Posts per page (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
        String cursor;

        @Option(names = "--as", paramLabel = "NAME",
                description = "Whose view of the locations to show (default: the OS user).")
        String viewer;

        abstract Page<Post> fetch(Tanken tanken, String username, java.util.UUID viewerId);

        abstract String none(String username);

        @Override
        public Integer call() {
            String username = actingUser(user);
            Page<Post> page;
            java.util.Map<PostId, String> shortIds;
            String listing = spec.name() + "\u0000" + username;
            cursor = dev.tanken.cli.internal.ListingCursors.unwrap(listing, cursor);
            try (Tanken tanken = openTanken()) {
                page = dev.tanken.cli.internal.ListingCursors.bound(listing, fetch(tanken, username, viewerId(tanken, viewer)));
                shortIds = shortIds(tanken, page.items().stream().map(Post::id).toList());
            }
            printPage(page, PostView.Full::new, none(username), posts -> table(posts, shortIds));
            return ExitCodes.OK;
        }

        private static TextTable table(List<Post> posts, java.util.Map<PostId, String> shortIds) {
            TextTable table = new TextTable("POST", "AUTHOR", "CREATED", "CAPTION", ">LIKES", ">COMMENTS");
            for (Post p : posts) {
                table.add(shortIds.getOrDefault(p.id(), p.id().toString()), p.author().username(), TextTable.time(p.createdAt()),
                        TextTable.truncate(p.caption(), 40), Long.toString(p.likes()), Long.toString(p.comments()));
            }
            return table;
        }
    }

    @Command(name = "posts", sortOptions = false, header = "List a user's posts, newest first.",
            description = "Locations appear as the viewer (--as) may see them. An unknown user is exit code 2. With "
                    + "--json, prints a JSON array of posts in the shape of 'tanken post show --json'; the next cursor, "
                    + "if any, goes to stderr as 'next cursor: C'.")
    static final class Posts extends Listing {
        @Override Page<Post> fetch(Tanken t, String u, java.util.UUID v) { return t.posts(u, limit, cursor, v); }
        @Override String none(String u) { return u + " has no posts"; }
    }

    @Command(name = "bookmarks", sortOptions = false, header = "List a user's bookmarks, latest first.",
            description = "Locations appear as the viewer (--as) may see them. An unknown user is exit code 2. With "
                    + "--json, prints a JSON array of posts in the shape of 'tanken post show --json'; the next cursor, "
                    + "if any, goes to stderr as 'next cursor: C'.")
    static final class Bookmarks extends Listing {
        @Override Page<Post> fetch(Tanken t, String u, java.util.UUID v) { return t.bookmarks(u, limit, cursor, v); }
        @Override String none(String u) { return u + " has no bookmarks"; }
    }

    /** {@code tanken delete POST}. */
    @Command(name = "delete", header = "Delete one of your posts.",
            description = "Deletes the post with its picture (unless another post shares it), comments, likes and "
                    + "bookmarks. Only the post's author may; anyone else gets exit code 2. With --json, prints one "
                    + "JSON object: postId, deleted, author, likes, bookmarks, comments. On a terminal it asks "
                    + "first unless --yes; without one (a script) it refuses with exit code 2 unless --yes.")
    static final class Delete extends TankenSubcommand {
        @Parameters(paramLabel = "POST", description = "The post id, or a beginning of it that no other post id shares (at least 4 digits).")
        String post;

        @Option(names = {"-y", "--yes"}, description = "Delete without asking (required without a terminal).")
        boolean yes;

        @Option(names = "--user", paramLabel = "NAME", description = "Who deletes (default: the OS user).")
        String user;

        @Override
        public Integer call() {
            ShortIds.Typed typed = ShortIds.parse(post);
            String username = actingUser(user);
            PostId postId;
            Post deleted;
            try (Tanken tanken = openTanken()) {
                postId = typed.resolve(tanken.database());
                // Someone who may not delete the post gets the library's reason, not a question.
                boolean mayDelete = tanken.database().findPost(postId)
                        .filter(p -> p.author().username().equals(username)).isPresent();
                if (mayDelete && !yes && !confirmed(postId)) {
                    err().println("tanken: post " + postId + " not deleted");
                    err().flush();
                    return ExitCodes.FAILURE;
                }
                deleted = tanken.delete(username, postId);
            }
            printResult(new SocialViews.Deleted(deleted), "deleted post " + postId + " with " + deleted.comments()
                    + " comments, " + deleted.likes() + " likes and " + deleted.bookmarks() + " bookmarks");
            return ExitCodes.OK;
        }

        private boolean confirmed(PostId postId) {
            Prompter prompter = environment().prompter();
            if (!prompter.interactive()) {
                throw usageError("deleting a post needs --yes when there is no terminal to ask: tanken delete "
                        + postId + " --yes");
            }
            return prompter.confirm("Delete post " + postId + " with its picture, comments, likes and bookmarks?");
        }
    }
}
