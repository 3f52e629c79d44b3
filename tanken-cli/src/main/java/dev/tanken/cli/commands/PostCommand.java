package dev.tanken.cli.commands;

import dev.tanken.NotFoundException;
import dev.tanken.PictureStream;
import dev.tanken.StorageException;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.Coordinates;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.PictureSizeConverter;
import dev.tanken.cli.internal.PostView;
import dev.tanken.cli.internal.ShortIds;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.model.PictureSize;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tanken post ...}: commands about one post. */
@Command(name = "post", header = "Inspect and edit posts.", subcommands = {PostCommand.Show.class, PostCommand.Edit.class})
final class PostCommand extends CommandGroup {
    PostCommand() {
        super("show or edit");
    }

    /** {@code tanken post edit ID [--tag T... | --no-tags] [--precision P] [--caption TEXT]}. */
    @Command(name = "edit", sortOptions = false, header = "Change a post's tags, location precision or caption.",
            description = {
                "Replaces the post's tags with the given ones (--tag, repeatable), or removes them all "
                    + "(--no-tags); changes how precisely others see its location (--precision: exact, "
                    + "approximate = the centre of its ~1 km grid cell, hidden = not at all, not even in "
                    + "nearby searches); replaces its caption (--caption, checked as upload's: at most 2200 "
                    + "characters, no control characters but line breaks and tabs; --caption '' removes it). "
                    + "Only the post's author may; anyone else gets exit code 2. Every value is checked before "
                    + "anything is changed. Each change is recorded in the activity log (post.tags, "
                    + "post.precision, post.caption) when it changed something.",
                "",
                "With --json, prints the post as 'tanken post show --json' does.",
            })
    static final class Edit extends TankenSubcommand {
        @Parameters(paramLabel = "ID", description = "The post id, or a beginning of it that no other post id shares (at least 4 digits).")
        String id;

        @Option(names = "--tag", paramLabel = "T", description = "A tag (repeatable): the post's new tags.")
        java.util.List<String> tags = new java.util.ArrayList<>();

        @Option(names = "--no-tags", description = "Remove every tag.")
        boolean noTags;

        @Option(names = "--precision", paramLabel = "P", converter = dev.tanken.cli.internal.PrecisionConverter.class,
                completionCandidates = dev.tanken.cli.internal.PrecisionConverter.Names.class,
                description = "How others see the location: exact, approximate or hidden.")
        dev.tanken.model.LocationPrecision precision;

        @Option(names = "--caption", paramLabel = "TEXT", description = "The new caption ('' removes it).")
        String caption;

        @Option(names = "--user", paramLabel = "NAME", description = "Who edits (default: the OS user).")
        String user;

        @Override
        public Integer call() {
            if (!tags.isEmpty() && noTags) {
                throw usageError("give the new tags with --tag, or --no-tags to remove them all, not both");
            }
            boolean editTags = !tags.isEmpty() || noTags;
            if (!editTags && precision == null && caption == null) {
                throw usageError("say what to change: the tags (--tag T, repeatable, or --no-tags), the location"
                        + " precision (--precision exact|approximate|hidden) or the caption (--caption TEXT)");
            }
            ShortIds.Typed typed = ShortIds.parse(id);
            if (editTags) {
                dev.tanken.model.Validation.tags(tags);
            }
            if (caption != null) {
                dev.tanken.model.Validation.caption(dev.tanken.model.Validation.typedText(caption, "caption"));
            }
            Post post;
            java.util.List<String> done = new java.util.ArrayList<>();
            PostId postId;
            try (Tanken tanken = openTanken()) {
                postId = typed.resolve(tanken.database());
                String acting = actingUser(user);
                post = null;
                if (editTags) {
                    post = tanken.setTags(acting, postId, tags);
                    done.add("tagged " + (post.tags().isEmpty() ? "with nothing"
                            : String.join(" ", post.tags().stream().map(t -> "#" + t).toList())));
                }
                if (precision != null) {
                    post = tanken.setPostPrecision(acting, postId, precision);
                    done.add("shown to others " + switch (post.locationPrecision()) {
                        case EXACT -> "exactly";
                        case APPROXIMATE -> "approximately (its ~1 km cell)";
                        case HIDDEN -> "nowhere (hidden)";
                    });
                }
                if (caption != null) {
                    post = tanken.setCaption(acting, postId, caption);
                    done.add(post.caption().isEmpty() ? "without a caption" : "captioned");
                }
            }
            printResult(new PostView.Full(post, null), "post " + postId + " now " + String.join(", ", done));
            return ExitCodes.OK;
        }
    }

    /** {@code tanken post show ID [--as USER] [--download DIR [--size S]]}. */
    @Command(name = "show", sortOptions = false, header = "Show every field of a post.",
            description = {
                "Shows the post as the acting user may see it: another user's approximate location is the "
                    + "centre of its ~1 km grid cell, a hidden one is not shown.",
                "",
                "With --download, also saves the picture to DIR as <post id>-<size>.<ext> and prints the "
                    + "file's path. The thumb and large copies carry no metadata; the original (with its GPS) "
                    + "is only given to the post's author.",
                "",
                "With --json, prints one JSON object with all fields of the post (and downloadedTo).",
            })
    static final class Show extends TankenSubcommand {
        @Parameters(paramLabel = "ID", description = "The post id, or a beginning of it that no other post id shares (at least 4 digits).")
        String id;

        @Option(names = "--as", paramLabel = "NAME", description = "Whose view to show (default: the OS user).")
        String viewer;

        @Option(names = "--download", paramLabel = "DIR", description = "Save the picture into this directory.")
        Path downloadDir;

        @Option(names = "--size", paramLabel = "SIZE", defaultValue = "large", converter = PictureSizeConverter.class,
                completionCandidates = PictureSizeConverter.Names.class,
                description = "thumb (256 px), large (1080 px) or original (default: ${DEFAULT-VALUE}).")
        PictureSize size;

        @Override
        public Integer call() {
            ShortIds.Typed typed = ShortIds.parse(id);
            PostId postId;
            Post post;
            Path saved = null;
            try (Tanken tanken = openTanken()) {
                postId = typed.resolve(tanken.database());
                UUID viewerId = viewerId(tanken, viewer);
                post = tanken.post(postId, viewerId).orElseThrow(() -> new NotFoundException("no post with id " + postId));
                if (downloadDir != null) {
                    saved = download(tanken, postId, viewerId);
                }
            }
            if (json()) {
                Json.println(out(), new PostView.Full(post, saved));
            } else {
                print(post);
                if (saved != null) {
                    out().println("downloaded  " + saved);
                    out().flush();
                }
            }
            return ExitCodes.OK;
        }

        /** Writes to a temp file first, so that a failed or corrupt download leaves no partial picture. */
        private Path download(Tanken tanken, PostId postId, UUID viewerId) {
            if (Files.exists(downloadDir) && !Files.isDirectory(downloadDir)) {
                throw new dev.tanken.InvalidInputException("--download takes a directory, and " + downloadDir
                        + " is a file: the picture is saved into the directory as <post id>-<size>.<ext>");
            }
            try (PictureStream picture = tanken.openPicture(postId, size, viewerId)
                    .orElseThrow(() -> new NotFoundException("no post with id " + postId))) {
                Files.createDirectories(downloadDir);
                Path target = downloadDir.resolve(postId + "-" + size.code() + "." + picture.extension());
                dev.tanken.cli.internal.AtomicFiles.write(target, picture.stream());
                return target;
            } catch (IOException e) {
                throw new StorageException("cannot download the " + size.code() + " picture of post " + postId
                        + " to " + downloadDir + ": " + dev.tanken.cli.internal.LocalPaths.reason(e), e);
            }
        }

        private void print(Post p) {
            PrintWriter out = out();
            out.println("post        " + p.id());
            out.println("author      " + p.author().username() + " (" + p.author().id() + ")");
            out.println("created     " + p.createdAt());
            out.println("caption     " + (p.caption().isEmpty() ? "-" : p.caption()));
            out.println("location    " + location(p));
            out.println("taken at    " + (p.takenAt() == null ? "-" : TextTable.takenAt(p.takenAt())));
            out.println("tags        " + (p.tags().isEmpty() ? "-" : String.join(" ", p.tags().stream().map(t -> "#" + t).toList())));
            out.println("likes       " + p.likes());
            out.println("bookmarks   " + p.bookmarks());
            out.println("comments    " + p.comments());
            out.println("picture     " + p.picture().blobKey());
            out.println("  type      " + p.picture().mediaType() + ", " + p.picture().width() + "x" + p.picture().height());
            out.println("  sha256    " + p.picture().sha256());
            for (PictureVariant v : p.variants()) {
                out.println(String.format("%-12s", v.size().code()) + v.blobKey() + " (" + v.mediaType() + ", "
                        + v.width() + "x" + v.height() + ")");
            }
            if (p.variantsNote() != null) {
                out.println("copies      none: " + p.variantsNote());
            }
            out.flush();
        }

        private static String location(Post p) {
            return switch (p.locationPrecision()) {
                case EXACT -> Coordinates.format(p.location());
                case APPROXIMATE -> Coordinates.format(p.location()) + " (approximate)";
                case HIDDEN -> p.location() == null ? "hidden" : Coordinates.format(p.location()) + " (hidden from others)";
            };
        }
    }
}
