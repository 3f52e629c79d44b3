package dev.tanken.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.PageSizeConverter;
import dev.tanken.cli.internal.PrecisionConverter;
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
        UserCommand.ListUsers.class, UserCommand.Show.class, UserCommand.SetPrecision.class})
final class UserCommand extends CommandGroup {
    UserCommand() {
        super("add, list, show or set-precision");
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
                page = tanken.database().users(limit, cursor);
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
                    + "a JSON object: id, username, email, createdAt.")
    static final class Add extends TankenSubcommand {
        @Parameters(paramLabel = "NAME", description = "1 to 64 letters, digits, '.', '_' or '-'.")
        String name;

        @Option(names = "--email", paramLabel = "E", description = "E-mail address.")
        String email;

        @Option(names = "--precision", paramLabel = "P", defaultValue = "exact", converter = PrecisionConverter.class,
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
