package dev.tanken.cli.commands;

import dev.tanken.InvalidInputException;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.ListingCursors;
import dev.tanken.cli.internal.SocialViews;
import dev.tanken.cli.internal.ShortIds;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.model.Page;
import dev.tanken.model.Comment;
import dev.tanken.model.PostId;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tanken comment}, {@code tanken uncomment} and {@code tanken comments}. */
final class CommentCommands {
    private CommentCommands() {
    }

    /** {@code tanken comment POST TEXT}. */
    @Command(name = "comment", header = "Comment on a post.",
            description = "With --json, prints the comment as one JSON object: commentId, postId, author, createdAt, "
                    + "text.")
    static final class Add extends TankenSubcommand {
        @Parameters(index = "0", paramLabel = "POST", description = "The post id, or a beginning of it that no other post id shares (at least 4 digits).")
        String post;

        @Parameters(index = "1", paramLabel = "TEXT", description = "The comment (quote it).")
        String text;

        @Option(names = "--user", paramLabel = "NAME",
                description = "Who comments; created on first use (default: the OS user).")
        String user;

        @Override
        public Integer call() {
            ShortIds.Typed typed = ShortIds.parse(post);
            PostId postId;
            Comment comment;
            try (Tanken tanken = openTanken()) {
                postId = typed.resolve(tanken.database());
                comment = tanken.comment(actingUser(user), postId, text);
            }
            printResult(new SocialViews.CommentView(comment), "comment " + comment.id() + " added to post " + postId);
            return ExitCodes.OK;
        }
    }

    /** {@code tanken uncomment COMMENT}. */
    @Command(name = "uncomment", header = "Delete a comment (yours, or any on your post).",
            description = "Only the comment's author and the post's author may delete it; anyone else gets exit "
                    + "code 2. With --json, prints the deleted comment as one JSON object: commentId, postId, "
                    + "author, createdAt, text.")
    static final class Delete extends TankenSubcommand {
        @Parameters(paramLabel = "COMMENT", description = "The comment id (a UUID).")
        String comment;

        @Option(names = "--user", paramLabel = "NAME", description = "Who deletes (default: the OS user).")
        String user;

        @Override
        public Integer call() {
            UUID id = parseId(comment);
            Comment deleted;
            try (Tanken tanken = openTanken()) {
                deleted = tanken.deleteComment(actingUser(user), id);
            }
            printResult(new SocialViews.CommentView(deleted), "deleted comment " + id + " on post " + deleted.postId());
            return ExitCodes.OK;
        }

        private static UUID parseId(String text) {
            try {
                if (text.strip().length() == 36) {
                    return UUID.fromString(text.strip());
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new InvalidInputException("not a comment id (expected a UUID): '" + text + "'");
        }
    }

    /** {@code tanken comments POST}. */
    @Command(name = "comments", sortOptions = false, header = "List a post's comments, oldest first.",
            description = "With --json, prints a JSON array of comments (commentId, postId, author, createdAt, "
                    + "text); the next cursor, if any, goes to stderr as 'next cursor: C'.")
    static final class ListComments extends TankenSubcommand {
        @Parameters(paramLabel = "POST", description = "The post id, or a beginning of it that no other post id shares (at least 4 digits).")
        String post;

        @Option(names = "--limit", paramLabel = "N", converter = dev.tanken.cli.internal.PageSizeConverter.class, defaultValue = "50",
                description = "Comments per page (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
        String cursor;

        @Override
        public Integer call() {
            ShortIds.Typed typed = ShortIds.parse(post);
            PostId postId;
            Page<Comment> page;
            try (Tanken tanken = openTanken()) {
                postId = typed.resolve(tanken.database());
                String listing = "comments\u0000" + postId;
                page = ListingCursors.bound(listing, tanken.comments(postId, limit, ListingCursors.unwrap(listing, cursor)));
            }
            printPage(page, SocialViews.CommentView::new, "no comments on post " + postId, ListComments::table);
            return ExitCodes.OK;
        }

        private static TextTable table(List<Comment> comments) {
            TextTable table = new TextTable("CREATED", "AUTHOR", "COMMENT", "ID");
            for (Comment c : comments) {
                table.add(TextTable.time(c.createdAt()), c.author().username(), TextTable.truncate(c.text(), 60),
                        c.id().toString());
            }
            return table;
        }
    }
}
