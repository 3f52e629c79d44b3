package dev.tanken.cli.commands;

import dev.tanken.Tanken;
import dev.tanken.cli.internal.CliEnvironment;
import dev.tanken.cli.internal.GlobalOptions;
import dev.tanken.cli.internal.SqliteNativeLibrary;
import dev.tanken.cli.internal.Usernames;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Plumbing every leaf command shares: its writers, the global options and opening Tanken. */
abstract class TankenSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    final TankenCommand root() {
        return (TankenCommand) spec.root().userObject();
    }

    final GlobalOptions global() {
        return root().global();
    }

    final CliEnvironment environment() {
        return root().environment();
    }

    final boolean json() {
        return global().json();
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Opens the configured database and blob store; the caller closes the result. */
    final Tanken openTanken() {
        SqliteNativeLibrary.useCache();
        return Tanken.open(global().config(environment().env()));
    }

    /** The user named on the command line, or the operating-system user. */
    final String actingUser(String explicit) {
        return explicit != null ? explicit : Usernames.fromOsUser(environment().osUser());
    }

    /**
     * The id of the user a command acts as, for what that user may see: {@code explicit} or the OS
     * user; null (an anonymous viewer) when no such user exists, since a stranger owns no posts.
     */
    final java.util.UUID viewerId(Tanken tanken, String explicit) {
        return tanken.database().findUserByName(actingUser(explicit)).map(dev.tanken.model.User::id).orElse(null);
    }

    final ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
