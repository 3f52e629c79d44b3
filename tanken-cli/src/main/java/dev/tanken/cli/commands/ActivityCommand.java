package dev.tanken.cli.commands;

import dev.tanken.Tanken;
import dev.tanken.activity.ActivityEntry;
import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.Actions;
import dev.tanken.activity.PayloadCondition;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.cli.internal.SocialViews;
import dev.tanken.cli.internal.TextTable;
import dev.tanken.cli.internal.TimeArguments;
import dev.tanken.cli.internal.WhereExpressions;
import dev.tanken.model.Page;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tanken activity}: search the activity log, newest first. */
@Command(name = "activity",
        sortOptions = false,
        subcommands = {ActivityIngestCommands.Apps.class, ActivityIngestCommands.Schemas.class,
            ActivityIngestCommands.DeadLetters.class, ActivityIngestCommands.Append.class,
            ActivityIngestCommands.IngestWorkerCommand.class, ActivityKafkaCommand.class,
            ActivityVerifyCommand.Verify.class, ActivityVerifyCommand.Head.class,
            ActivityExportCommand.class, ActivityIndexCommands.class,
            ActivityRetentionCommands.Maintain.class, ActivityRetentionCommands.Archives.class,
            ActivityRetentionCommands.Import.class},
        header = "Search the activity log, newest first.",
        description = {
            "Every change (uploads, likes, bookmarks, comments, tag edits, deletions, new users) is recorded "
                + "with who did it, when, to what, and details in a JSON payload. All given filters apply.",
            "",
            "--where conditions on the payload:",
            "  path=value          equal            client.app=android, flag.gid=42",
            "  path!=value         present and not equal",
            "  path>value, path<value   greater / less (numbers, or strings by code point)",
            "  path?               the field exists (even if null)",
            "  path=in:v1,v2,...   equal to one of the values (or in:[JSON array])",
            "The path is member names separated by '.'; a backslash makes the next character literal "
                + "(a\\.b is the member \"a.b\"). A value is read as JSON when it is valid JSON (42, true, null, "
                + "\"42\"), else as a string. --where-json takes the full form "
                + "{\"operation\":\"EQ|NE|IN|EXISTS|GT|LT\",\"path\":[...],\"value\":...}.",
            "",
            "With --json, prints a JSON array of entries: id, occurredAt, actor, action, subjectType, subjectId, "
                + "payload, app; the next cursor, if any, goes to stderr as 'next cursor: C'.",
            "",
            "Other applications send entries too (ActivityService.Append, the Redis stream): 'app' registers them "
                + "and prints their keys, 'schema' sets the contract of an action, 'dead-letters' lists the entries "
                + "refused at the boundary.",
        })
final class ActivityCommand extends TankenSubcommand {
    /** For help and shell completion. */
    static final class ActionNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Actions.ALL.iterator();
        }
    }

    static final class SubjectTypes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Actions.SUBJECT_TYPES.iterator();
        }
    }

    @Option(names = "--app", paramLabel = "A", description = "Entries of this application only (tanken: Tanken's own).")
    String app;

    @Option(names = "--actor", paramLabel = "U", description = "Who acted (a username, or another application's actor).")
    String actor;

    @Option(names = "--action", paramLabel = "A", description = "What was done: ${COMPLETION-CANDIDATES}.", completionCandidates = ActionNames.class)
    String action;

    @Option(names = "--subject", paramLabel = "ID", description = "The id of the post, comment or user acted on.")
    String subject;

    @Option(names = "--subject-type", paramLabel = "T", description = "What the subject is: ${COMPLETION-CANDIDATES}.", completionCandidates = SubjectTypes.class)
    String subjectType;

    @Option(names = "--since", paramLabel = "T", description = "From this time on: ISO-8601, a date in UTC, or a duration ago (30m, 2d, 1w, PT1H).")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "Before this time (the same forms as --since).")
    String until;

    @Option(names = "--where", paramLabel = "EXPR", description = "A payload condition (repeatable); see above.")
    List<String> where = new ArrayList<>();

    @Option(names = "--where-json", paramLabel = "JSON", description = "A payload condition as JSON (repeatable).")
    List<String> whereJson = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", converter = dev.tanken.cli.internal.PageSizeConverter.class, defaultValue = "50",
            description = "Entries per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page (same filters).")
    String cursor;

    @Override
    public Integer call() {
        ActivityQuery query = ActivityQuery.newestFirst(limit)
                .withApp(app)
                .withActor(actor)
                .withAction(action)
                .withSubject(subjectType, subject)
                .withSince(TimeArguments.parse("--since", since))
                .withUntil(TimeArguments.parse("--until", until))
                .after(cursor);
        for (String expression : where) {
            query = query.where(WhereExpressions.parse(expression));
        }
        for (String json : whereJson) {
            query = query.where(PayloadCondition.fromJson(json));
        }
        Page<ActivityEntry> page;
        try (Tanken tanken = openTanken()) {
            // Tanken's own actions and subject types are closed sets: a value outside them matches
            // nothing, and "no activity matches" would hide the typo. Once other applications send
            // entries, a search over every app takes their names too; --app tanken still checks.
            boolean tankenOnly = ActivityEntry.TANKEN_APP.equals(app);
            if (tankenOnly || app == null && tanken.activity().ingest().apps().isEmpty()) {
                requireOneOf("--action", action, Actions.ALL);
                requireOneOf("--subject-type", subjectType, Actions.SUBJECT_TYPES);
            }
            // A renamed or deleted user's former name still finds the history recorded under it.
            if (actor != null && (app == null || tankenOnly) && isUsername(actor)
                    && tanken.database().findUserByName(actor).isEmpty()
                    && tanken.activity(ActivityQuery.newestFirst(1).withActor(actor)).items().isEmpty()) {
                throw noSuchUser(actor);
            }
            page = tanken.activity(query);
        }
        printPage(page, SocialViews.Entry::new, "no activity matches", ActivityCommand::table);
        return ExitCodes.OK;
    }

    /** Whether {@code name} could be a Tanken user's name; other applications' actors can be anything. */
    private static boolean isUsername(String name) {
        try {
            dev.tanken.model.Validation.username(name);
            return true;
        } catch (dev.tanken.InvalidInputException e) {
            return false;
        }
    }

    private void requireOneOf(String option, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw usageError(option + " must be one of " + String.join(", ", allowed) + "; got '"
                    + dev.tanken.cli.internal.Terminal.quote(value) + "'");
        }
    }

    private static TextTable table(List<ActivityEntry> entries) {
        TextTable table = new TextTable("TIME", "ACTOR", "ACTION", "SUBJECT", "PAYLOAD");
        for (ActivityEntry e : entries) {
            table.add(TextTable.time(e.occurredAt()), e.actor(), e.action(), e.subjectType() + " " + e.subjectId(),
                    TextTable.truncate(e.payloadJson(), 60));
        }
        return table;
    }
}
