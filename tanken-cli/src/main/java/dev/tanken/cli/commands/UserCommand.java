package dev.tanken.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.PrecisionConverter;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.User;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tanken user ...}: commands about users. */
@Command(name = "user", header = "Manage users.", subcommands = {UserCommand.Add.class, UserCommand.SetPrecision.class})
final class UserCommand extends CommandGroup {
    UserCommand() {
        super("add");
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

    /** {@code tanken user add --json}: id, username, email, createdAt, defaultLocationPrecision. */
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
