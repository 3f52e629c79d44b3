package dev.tanken.activity;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Tamper evidence for the activity log: the entries of each application form a hash chain. Link
 * {@code seq} holds SHA-256 of the hash of link {@code seq - 1} (32 zero bytes before the first
 * link, or the anchor's hash) followed by the entry's canonical form (docs/activity.md), so an entry
 * edited, deleted or moved breaks the chain at that place, and comparing with an exported head
 * ({@link #heads}) shows a tail that was cut off.
 *
 * <p>Entries are written unsealed, in whatever transaction stores them, and sealed afterwards by
 * {@link #seal}: one sealer at a time gives every committed unsealed entry the next position of its
 * application's chain. Sealing never holds up a write. Thread-safe.
 */
public interface ActivityChain {

    /**
     * Seals every entry committed and not yet sealed, waiting for a sealer running elsewhere to
     * finish first. Returns how many entries this call sealed.
     */
    long seal();

    /** How many stored entries wait to be sealed. */
    long pending();

    /** The last link of each chain (of {@code app} only, when not null), in application name order. */
    List<ChainLink> heads(String app);

    /**
     * Checks the chains (of {@code app} only, when not null): every link from the anchor (or from
     * the first link) on, or only the links sealed at or after {@code since} when it is not null
     * (the link before them is then taken as it is). Each of {@code exportedHeads} must still be a
     * link of its chain, with the same hash: a chain that ends before it was cut off. Entries not
     * yet sealed are not checked: call {@link #seal} first.
     */
    ChainVerification verify(String app, Instant since, Collection<ChainLink> exportedHeads);

    /** The link at {@code seq} of the chain of {@code app}, when it is stored. */
    Optional<ChainLink> link(String app, long seq);

    /**
     * Records that the chain of {@code anchor.app()} now starts after {@code anchor}: retention is
     * about to drop (or dropped) the entries up to {@code anchor.seq()}. Verify then starts from the
     * anchor's hash. An anchor only moves forward: one before the current anchor is ignored.
     */
    void recordAnchor(ChainLink anchor);

    /** The anchor of each chain that has one, in application name order. */
    List<ChainLink> anchors();
}
