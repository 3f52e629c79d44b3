package dev.tanken.cli.commands;

import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.cli.internal.CliEnvironment;
import dev.tanken.cli.internal.GlobalOptions;
import dev.tanken.cli.internal.Json;
import dev.tanken.cli.internal.SqliteNativeLibrary;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.cli.internal.Usernames;
import dev.tanken.model.Page;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Plumbing every leaf command shares: its writers, the global options, opening Tanken and the two
 * output shapes most commands have (one result; one page of a listing).
 */
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

    /** The configuration the global options and the environment give. */
    final TankenConfig config() {
        return global().config(environment().env());
    }

    /**
     * Opens the configured database and blob store; the caller closes the result. If the command's
     * cache fails meanwhile, one line says so on stderr when the command ends.
     */
    final Tanken openTanken() {
        SqliteNativeLibrary.useCache();
        Tanken tanken = Tanken.open(config());
        root().cacheOutageNotice().watch(tanken);
        return tanken;
    }

    /** The user named on the command line, or the operating-system user. */
    final String actingUser(String explicit) {
        return explicit != null ? explicit : Usernames.fromOsUser(environment().osUser());
    }

    /**
     * The id of the user a command acts as, for what that user may see: {@code explicit} or the OS
     * user. An OS user who has never used Tanken is an anonymous viewer (null), since a stranger owns
     * no posts; a user named on the command line must exist, as a typo would otherwise quietly show
     * a stranger's view.
     */
    final java.util.UUID viewerId(Tanken tanken, String explicit) {
        java.util.Optional<dev.tanken.model.User> user = tanken.database().findUserByName(actingUser(explicit));
        if (explicit != null && user.isEmpty()) {
            throw noSuchUser(explicit);
        }
        return user.map(dev.tanken.model.User::id).orElse(null);
    }

    /** The refusal for a user named on the command line who does not exist, in the library's words. */
    static dev.tanken.NotFoundException noSuchUser(String name) {
        return new dev.tanken.NotFoundException("no user named '" + name + "'");
    }

    /**
     * The short form of each post id (see {@link dev.tanken.cli.internal.ShortIds}) when the output is a
     * table for people; empty otherwise, so that machine formats keep whole ids.
     */
    final java.util.Map<dev.tanken.model.PostId, String> shortIds(Tanken tanken,
            java.util.Collection<dev.tanken.model.PostId> ids) {
        if (global().format() != GlobalOptions.Format.TABLE || ids.isEmpty()) {
            return java.util.Map.of();
        }
        return dev.tanken.cli.internal.ShortIds.of(tanken.database(), ids);
    }

    /** Prints a command's one result: its JSON form with --json, else one line for people. */
    final void printResult(Json.Writable json, String line) {
        if (json()) {
            Json.println(out(), json);
        } else {
            out().println(line);
            out().flush();
        }
    }

    /**
     * Prints one page of a listing in the chosen format. json: a JSON array of {@code view}s on
     * stdout and the next page's cursor on stderr, so that stdout stays one JSON value. jsonl: one
     * object per line, then {@code {"nextCursor": C}} when another page follows. csv: the table's
     * columns, the cursor on stderr. table: the {@code table} of the items, or the line {@code none}
     * when there are none, then the cursor.
     */
    final <T> void printPage(Page<T> page, Function<? super T, ? extends Json.Writable> view, String none,
            Function<List<T>, TextTable> table) {
        PrintWriter out = out();
        switch (global().format()) {
            case JSON -> {
                out.println(Json.array(page.items().stream().map(view).toList()));
                cursorToStderr(page);
            }
            case JSONL -> {
                page.items().forEach(item -> Json.println(out, view.apply(item)));
                page.next().ifPresent(next -> Json.println(out, json -> {
                    json.writeStartObject();
                    json.writeStringField("nextCursor", next);
                    json.writeEndObject();
                }));
            }
            case CSV -> {
                table.apply(page.items()).printCsv(out);
                cursorToStderr(page);
            }
            case TABLE -> {
                if (page.items().isEmpty()) {
                    out.println(none);
                } else {
                    table.apply(page.items()).print(out, environment().stdoutColumns());
                }
                page.next().ifPresent(next -> out.println("next page: --cursor " + next));
            }
        }
        out.flush();
    }

    /**
     * Prints a whole listing, one that has no further page, in the chosen format: as {@link #printPage}
     * does, so every list command honours --format alike.
     */
    final <T> void printList(List<T> items, Function<? super T, ? extends Json.Writable> view, String none,
            Function<List<T>, TextTable> table) {
        printPage(new Page<>(items, null), view, none, table);
    }

    private void cursorToStderr(Page<?> page) {
        page.next().ifPresent(next -> {
            err().println("next cursor: " + next);
            err().flush();
        });
    }

    final ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
