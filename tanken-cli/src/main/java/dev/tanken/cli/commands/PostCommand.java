package dev.tanken.cli.commands;

import dev.tanken.NotFoundException;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.Coordinates;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.PostView;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tanken post ...}: commands about one post. */
@Command(name = "post", header = "Inspect posts.", subcommands = PostCommand.Show.class)
final class PostCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: show");
    }

    /** {@code tanken post show ID}. */
    @Command(name = "show", header = "Show every field of a post.",
            description = "With --json, prints one JSON object with all fields of the post.")
    static final class Show extends TankenSubcommand {
        @Parameters(paramLabel = "ID", description = "The post id (a UUID).")
        String id;

        @Override
        public Integer call() {
            PostId postId = PostId.parse(id);
            Post post;
            try (Tanken tanken = openTanken()) {
                post = tanken.post(postId).orElseThrow(() -> new NotFoundException("no post with id " + postId));
            }
            if (json()) {
                Json.println(out(), new PostView.Full(post));
            } else {
                print(post);
            }
            return ExitCodes.OK;
        }

        private void print(Post p) {
            PrintWriter out = out();
            out.println("post        " + p.id());
            out.println("author      " + p.author().username() + " (" + p.author().id() + ")");
            out.println("created     " + p.createdAt());
            out.println("caption     " + (p.caption().isEmpty() ? "-" : p.caption()));
            out.println("location    " + Coordinates.format(p.location()));
            out.println("taken at    " + (p.takenAt() == null ? "-" : p.takenAt()));
            out.println("tags        " + (p.tags().isEmpty() ? "-" : String.join(" ", p.tags().stream().map(t -> "#" + t).toList())));
            out.println("likes       " + p.likes());
            out.println("bookmarks   " + p.bookmarks());
            out.println("comments    " + p.comments());
            out.println("picture     " + p.picture().blobKey());
            out.println("  type      " + p.picture().mediaType() + ", " + p.picture().width() + "x" + p.picture().height());
            out.println("  sha256    " + p.picture().sha256());
            out.flush();
        }
    }
}
