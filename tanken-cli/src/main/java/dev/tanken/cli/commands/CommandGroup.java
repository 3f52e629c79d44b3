package dev.tanken.cli.commands;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code tanken user}, {@code tanken cache}, ...): run on
 * its own, it is a usage error naming what could follow it.
 */
abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    private final String subcommands;

    /** @param subcommands how the usage error lists the subcommands, e.g. "stats, flush or warm" */
    CommandGroup(String subcommands) {
        this.subcommands = subcommands;
    }

    @Override
    public final void run() {
        throw new ParameterException(spec.commandLine(), "missing command: " + subcommands);
    }
}
