package dev.tanken.cli.commands;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The subcommands of {@code tanken}, created on demand. Building picocli's model of a command costs
 * several milliseconds of reflection per command; a run needs only the one it executes.
 */
public final class Commands {
    private static final Map<String, Supplier<Object>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("upload", UploadCommand::new);
        FACTORIES.put("import", ImportCommand::new);
        FACTORIES.put("nearby", NearbyCommand::new);
        FACTORIES.put("explore", ExploreCommand::new);
        FACTORIES.put("map", MapCommand::new);
        FACTORIES.put("place", PlaceCommand::new);
        FACTORIES.put("post", PostCommand::new);
        FACTORIES.put("user", UserCommand::new);
        FACTORIES.put("like", ReactionCommand.Like::new);
        FACTORIES.put("unlike", ReactionCommand.Unlike::new);
        FACTORIES.put("bookmark", ReactionCommand.Bookmark::new);
        FACTORIES.put("unbookmark", ReactionCommand.Unbookmark::new);
        FACTORIES.put("comment", CommentCommands.Add::new);
        FACTORIES.put("uncomment", CommentCommands.Delete::new);
        FACTORIES.put("comments", CommentCommands.ListComments::new);
        FACTORIES.put("posts", PostListCommands.Posts::new);
        FACTORIES.put("bookmarks", PostListCommands.Bookmarks::new);
        FACTORIES.put("delete", PostListCommands.Delete::new);
        FACTORIES.put("activity", ActivityCommand::new);
        FACTORIES.put("blobs", BlobsCommand::new);
        FACTORIES.put("cache", CacheCommand::new);
        FACTORIES.put("seed", SeedCommand::new);
        FACTORIES.put("bench", BenchCommand::new);
        FACTORIES.put("serve", ServeCommand::new);
        FACTORIES.put("doctor", DoctorCommand::new);
        FACTORIES.put("completion", CompletionCommand::new);
    }

    /** Global options that take a value, so that value is not mistaken for a command name. */
    private static final Set<String> OPTIONS_WITH_VALUES = Set.of("--db", "--blobs", "--home", "--cache", "--policy", "--format");

    private Commands() {
    }

    /** Every subcommand name, in the order help lists them. */
    public static Set<String> names() {
        return FACTORIES.keySet();
    }

    public static Object create(String name) {
        Supplier<Object> factory = FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("no command " + name);
        }
        return factory.get();
    }

    /**
     * The subcommand a command line names, or null when it names none (or one that does not
     * exist): then every subcommand is needed, for the help list or for "did you mean" hints.
     */
    public static String requested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return null;
            }
            if (arg.startsWith("-")) {
                if (OPTIONS_WITH_VALUES.contains(arg)) {
                    i++;
                }
                continue;
            }
            // 'tanken help CMD' needs CMD, and 'tanken help' all of them.
            return FACTORIES.containsKey(arg) ? arg : null;
        }
        return null;
    }
}
