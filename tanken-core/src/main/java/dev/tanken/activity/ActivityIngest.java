package dev.tanken.activity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Entries from other applications, through one idempotent batch path whatever carried them (the
 * {@code Append} call, a Redis Stream, Kafka). Obtain it from {@link ActivityLog#ingest()}.
 *
 * <p>Each entry is a JSON object (the envelope): {@code id} (optional: the application's own id for
 * the entry), {@code occurredAt} (RFC 3339), {@code app}, {@code actor}, {@code action},
 * {@code subjectType}, {@code subjectId} and {@code payload} (a JSON object; absent means {@code {}}).
 * An entry is stored once per (app, id), however often it is delivered; an entry without an id is
 * identified by a digest of its content instead. An entry that breaks the envelope rules or its
 * action's contract (a JSON Schema, see {@link #setSchema}) becomes a dead letter with the reason and
 * never stops the valid entries of its batch. Storing the entries and the dead letters of a batch is
 * one transaction: a batch that fails to be stored leaves nothing behind and can simply be sent again.
 *
 * <p>Arguments are validated ({@link dev.tanken.InvalidInputException}); backend failures surface
 * as {@link dev.tanken.StorageException}. Thread-safe.
 */
public interface ActivityIngest {
    /** The most entries one batch may hold. */
    int MAX_BATCH = 1000;

    /**
     * Stores a batch sent by a transport that names the application in each entry (a stream, a
     * topic): the app must be registered.
     *
     * @throws dev.tanken.InvalidInputException when the batch is null, empty or larger than {@link #MAX_BATCH}
     */
    IngestResult append(List<? extends JsonNode> entries);

    /**
     * Stores a batch sent by an application that proved who it is (by its key): an entry may leave
     * out {@code app}, and one naming another application is refused.
     */
    IngestResult append(String app, List<? extends JsonNode> entries);

    /**
     * Registers an application and makes its API key, which is returned here and never again: only
     * its SHA-256 is stored.
     *
     * @throws dev.tanken.ConflictException when the name is taken
     */
    NewIngestApp addApp(String name);

    /** The registered applications, by name. */
    List<IngestApp> apps();

    /** Removes an application, its key and its contracts; true if it existed. Its entries stay. */
    boolean removeApp(String name);

    /** The application whose key this is, if any. */
    Optional<String> authenticate(String key);

    /**
     * Sets the contract of an application's action: a JSON Schema (draft 2020-12 unless it says
     * otherwise in {@code $schema}) that every entry's payload must meet.
     *
     * @throws dev.tanken.InvalidInputException when the schema is not valid JSON Schema
     * @throws dev.tanken.NotFoundException when the application is not registered
     */
    void setSchema(String app, String action, String schemaJson);

    /** Removes a contract; true if there was one. */
    boolean removeSchema(String app, String action);

    /** The registered contracts, by application and action. */
    List<IngestSchema> schemas();

    /** Dead letters, oldest first, at most {@code limit}. */
    List<ActivityDeadLetter> deadLetters(int limit);

    /**
     * Sends dead letters through the batch path again (after a contract fix, say): those now
     * accepted are stored (or found already stored) and removed; the others stay with their new
     * reason. Null or empty ids: every dead letter.
     */
    IngestResult replay(Collection<String> ids);

    /** Deletes dead letters; null or empty ids: every dead letter. Returns how many were deleted. */
    int drop(Collection<String> ids);
}
