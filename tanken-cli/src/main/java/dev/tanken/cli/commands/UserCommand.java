package dev.tanken.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.Tanken;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.Json;
import dev.tanken.model.User;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tanken user ...}: commands about users. */
@Command(name = "user", header = "Manage users.", subcommands = UserCommand.Add.class)
final class UserCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: add");
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

        @Override
        public Integer call() {
            User.create(name, email); // validates before the database is opened
            User user;
            try (Tanken tanken = openTanken()) {
                user = tanken.createUser(name, email);
            }
            if (json()) {
                Json.println(out(), new UserLine(user));
            } else {
                out().println("created user " + user.username() + " (" + user.id() + ")");
                out().flush();
            }
            return ExitCodes.OK;
        }
    }

    /** {@code tanken user add --json}: id, username, email, createdAt. */
    record UserLine(User user) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("id", user.id().toString());
            json.writeStringField("username", user.username());
            json.writeStringField("email", user.email());
            json.writeStringField("createdAt", user.createdAt().toString());
            json.writeEndObject();
        }
    }
}
