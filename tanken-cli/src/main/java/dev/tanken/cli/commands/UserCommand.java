package dev.tanken.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.ListingCursors;
import dev.tanken.cli.internal.PageSizeConverter;
import dev.tanken.cli.internal.PrecisionConverter;
import dev.tanken.cli.internal.Prompter;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.model.Page;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.User;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tanken user ...}: commands about users. */
@Command(name = "user", header = "Manage users.", subcommands = {UserCommand.Add.class,
        UserCommand.ListUsers.class, UserCommand.Show.class, UserCommand.SetPrecision.class,
        UserCommand.Rename.class, UserCommand.Delete.class})
final class UserCommand extends CommandGroup {
    UserCommand() {
        super("add, list, show, set-precision, rename or delete");
    }

    /** {@code tanken user rename OLD NEW}. */
    @Command(name = "rename", header = "Give a user another name.",
            description = "The user's posts and comments show the new name at once; activity entries keep the "
                    + "name they were recorded with, and a user.rename entry records the change. NEW must be a "
                    + "valid name no other user has (exit code 2 otherwise). With --json, prints the user as "
                    + "'user show --json' does.")
    static final class Rename extends TankenSubcommand {
        @Parameters(index = "0", paramLabel = "OLD", description = "The user's name now.")
        String oldName;

        @Parameters(index = "1", paramLabel = "NEW", description = "1 to 64 letters, digits, '.', '_' or '-'.")
        String newName;

        @Override
        public Integer call() {
            User user;
            try (Tanken tanken = openTanken()) {
                user = tanken.renameUser(oldName, newName);
            }
            printResult(new UserLine(user), "renamed user " + oldName + " to " + user.username());
            return ExitCodes.OK;
        }
    }

    /** {@code tanken user delete NAME [--yes]}. */
    @Command(name = "delete", header = "Delete a user and everything that is theirs.",
            description = {
                "Deletes, in one transaction, the user, their posts (with the comments, likes and bookmarks "
                    + "others left on them) and their comments, likes and bookmarks on other users' posts, "
                    + "whose counts drop to match; then the pictures of those posts that no other post uses. "
                    + "Activity entries stay as the history of what happened; a user.delete entry records "
                    + "the deletion.",
                "",
                "On a terminal it asks first unless --yes; without one (a script) it refuses with exit code 2 "
                    + "unless --yes. With --json, prints one JSON object: id, username, deleted, posts, "
                    + "comments, likes, bookmarks (what went from other users' posts).",
            })
    static final class Delete extends TankenSubcommand {
        @Parameters(paramLabel = "NAME", description = "The user.")
        String name;

        @Option(names = {"-y", "--yes"}, description = "Delete without asking (required without a terminal).")
        boolean yes;

        @Override
        public Integer call() {
            dev.tanken.db.UserRemoval removal;
            try (Tanken tanken = openTanken()) {
                if (tanken.database().findUserByName(name).isEmpty()) {
                    throw new dev.tanken.NotFoundException("no user named '" + name + "'; see 'tanken user list'");
                }
                if (!yes && !confirmed()) {
                    err().println("tanken: user " + name + " not deleted");
                    err().flush();
                    return ExitCodes.FAILURE;
                }
                removal = tanken.deleteUser(name);
            }
            printResult(new Deleted(removal), "deleted user " + name + " with " + removal.posts().size() + " posts, "
                    + removal.comments() + " comments, " + removal.likes() + " likes and " + removal.bookmarks()
                    + " bookmarks on others' posts");
            return ExitCodes.OK;
        }

        private boolean confirmed() {
            Prompter prompter = environment().prompter();
            if (!prompter.interactive()) {
                throw usageError("deleting a user needs --yes when there is no terminal to ask: tanken user delete "
                        + name + " --yes");
            }
            return prompter.confirm("Delete user " + name + " with all their posts, pictures, comments, likes and "
                    + "bookmarks?");
        }
    }

    /** {@code user delete --json}: what went. */
    record Deleted(dev.tanken.db.UserRemoval removal) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("id", removal.user().id().toString());
            json.writeStringField("username", removal.user().username());
            json.writeBooleanField("deleted", true);
            json.writeNumberField("posts", removal.posts().size());
            json.writeNumberField("comments", removal.comments());
            json.writeNumberField("likes", removal.likes());
            json.writeNumberField("bookmarks", removal.bookmarks());
            json.writeEndObject();
        }
    }

    /** {@code tanken user list}. */
    @Command(name = "list", header = "List users, oldest first.",
            description = "A page at a time (--limit, --cursor). With --json, prints a JSON array of users as "
                    + "'user show' prints them; the next cursor, if any, goes to stderr as 'next cursor: C'.")
    static final class ListUsers extends TankenSubcommand {
        @Option(names = "--limit", paramLabel = "N", converter = PageSizeConverter.class, defaultValue = "50",
                description = "Users per page, 1 to 1000 (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
        String cursor;

        @Override
        public Integer call() {
            Page<User> page;
            try (Tanken tanken = openTanken()) {
                page = ListingCursors.bound("users", tanken.database().users(limit, ListingCursors.unwrap("users", cursor)));
            }
            printPage(page, UserLine::new, "no users yet", ListUsers::table);
            return ExitCodes.OK;
        }

        static TextTable table(List<User> users) {
            TextTable table = new TextTable("USERNAME", "CREATED", "PRECISION", "EMAIL", "ID");
            for (User u : users) {
                table.add(u.username(), TextTable.time(u.createdAt()), u.defaultLocationPrecision().code(),
                        u.email() == null ? "" : u.email(), u.id().toString());
            }
            return table;
        }
    }

    /** {@code tanken user show NAME}. */
    @Command(name = "show", header = "Show one user.",
            description = "Exit code 2 if there is no such user. With --json, prints one JSON object: id, "
                    + "username, email, createdAt, defaultLocationPrecision.")
    static final class Show extends TankenSubcommand {
        @Parameters(paramLabel = "NAME", description = "The user.")
        String name;

        @Override
        public Integer call() {
            User user;
            try (Tanken tanken = openTanken()) {
                user = tanken.database().findUserByName(name).orElseThrow(() ->
                        new dev.tanken.NotFoundException("no user named '" + name + "'; see 'tanken user list'"));
            }
            if (json()) {
                Json.println(out(), new UserLine(user));
            } else {
                TextTable table = new TextTable("WHAT", "VALUE");
                table.add("username", user.username());
                table.add("id", user.id().toString());
                table.add("email", user.email() == null ? "" : user.email());
                table.add("created", TextTable.time(user.createdAt()));
                table.add("default precision", user.defaultLocationPrecision().code());
                table.print(out(), environment().stdoutColumns());
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    /** {@code tanken user add NAME}. */
    @Command(name = "add", header = "Create a user.",
            description = "Fails with exit code 2 if the name is taken. With --json, prints the new user as "
                    + "a JSON object: id, username, email, createdAt, defaultLocationPrecision.")
    static final class Add extends TankenSubcommand {
        @Parameters(paramLabel = "NAME", description = "1 to 64 letters, digits, '.', '_' or '-'.")
        String name;

        @Option(names = "--email", paramLabel = "E", description = "E-mail address.")
        String email;

        @Option(names = "--precision", paramLabel = "P", defaultValue = "exact", converter = PrecisionConverter.class,
                completionCandidates = PrecisionConverter.Names.class,
                description = "How precisely others see this user's photo locations unless an upload says: "
                        + "exact, approximate (~1 km cell) or hidden (default: ${DEFAULT-VALUE}).")
        LocationPrecision precision;

        @Override
        public Integer call() {
            User user = User.create(name, email).withDefaultLocationPrecision(precision);
            try (Tanken tanken = openTanken()) {
                user = tanken.createUser(user);
            }
            printResult(new UserLine(user), "created user " + user.username() + " (" + user.id() + ")");
            return ExitCodes.OK;
        }
    }

    /** {@code tanken user set-precision NAME P}. */
    @Command(name = "set-precision", header = "Set a user's default location precision.",
            description = "Applies to the user's later uploads that do not pass --precision. The user must exist "
                    + "(see 'tanken user add NAME --precision P'). With --json, prints the user as a JSON object.")
    static final class SetPrecision extends TankenSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
        String name;

        @Parameters(index = "1", paramLabel = "PRECISION", converter = PrecisionConverter.class,
                completionCandidates = PrecisionConverter.Names.class,
                description = "exact, approximate or hidden.")
        LocationPrecision precision;

        @Override
        public Integer call() {
            User user;
            try (Tanken tanken = openTanken()) {
                if (tanken.database().findUserByName(name).isEmpty()) {
                    throw new dev.tanken.NotFoundException("no user named '" + name + "'; create one with "
                            + "'tanken user add NAME --precision " + precision.code() + "'");
                }
                user = tanken.setDefaultLocationPrecision(name, precision);
            }
            printResult(new UserLine(user),
                    "uploads of " + user.username() + " now default to " + precision.code() + " locations");
            return ExitCodes.OK;
        }
    }

    /** A user in JSON (add, list, show, set-precision): id, username, email, createdAt, defaultLocationPrecision. */
    record UserLine(User user) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("id", user.id().toString());
            json.writeStringField("username", user.username());
            json.writeStringField("email", user.email());
            json.writeStringField("createdAt", user.createdAt().toString());
            json.writeStringField("defaultLocationPrecision", user.defaultLocationPrecision().code());
            json.writeEndObject();
        }
    }
}
