package dev.tanken.cli.commands;

import dev.tanken.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What a dead-letter replay or drop acts on: the ids given, or every dead letter with --all. */
final class DeadLetterIds {
    @Parameters(paramLabel = "ID", arity = "0..*", description = "Dead-letter ids (from the list).")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Every dead letter.")
    boolean all;

    /** The ids named, or an empty list for --all; naming none without --all, or both, is refused. */
    List<String> named() {
        if (all == !ids.isEmpty()) {
            throw new InvalidInputException("name dead letters by id, or pass --all (not both)");
        }
        return ids;
    }
}
