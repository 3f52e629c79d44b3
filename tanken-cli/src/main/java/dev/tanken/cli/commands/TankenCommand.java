package dev.tanken.cli.commands;

import dev.tanken.cli.internal.CliEnvironment;
import dev.tanken.cli.internal.GlobalOptions;
import dev.tanken.cli.internal.VersionProvider;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;

/**
 * The top command: holds the shared options and the process environment for its subcommands, which
 * {@link dev.tanken.cli.TankenCli} adds from {@link Commands}.
 */
@Command(name = "tanken",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Place-centred photo sharing from the command line.",
        description = "Posts geotagged photos, finds posts near a place, likes, bookmarks and comments on them, "
                + "and searches the log of everything done. Data lives in a SQLite file and a folder of pictures "
                + "under the Tanken home, or wherever --db and --blobs point.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failure (database, blob store or internal error)",
            "2:bad input (arguments, rejected files, unknown ids, actions on others' posts)",
        })
public final class TankenCommand extends CommandGroup {
    @Mixin
    GlobalOptions global;

    private final CliEnvironment environment;
    private final dev.tanken.cli.internal.CacheOutageNotice cacheOutageNotice =
            new dev.tanken.cli.internal.CacheOutageNotice();

    public TankenCommand(CliEnvironment environment) {
        super(String.join(", ", Commands.names()));
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Where the command's Tanken is watched for a cache outage, to say so once when it ends. */
    public dev.tanken.cli.internal.CacheOutageNotice cacheOutageNotice() {
        return cacheOutageNotice;
    }

    public GlobalOptions global() {
        return global;
    }

    public CliEnvironment environment() {
        return environment;
    }
}
