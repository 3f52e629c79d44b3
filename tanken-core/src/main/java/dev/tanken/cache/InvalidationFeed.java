package dev.tanken.cache;

import dev.tanken.model.PostId;
import java.util.Collection;

/**
 * Tells a process which cached posts other processes changed, so that copies it keeps in its own
 * memory ({@link NearPostCache}) can be dropped. A feed is either online (it delivers every change
 * made after it went online) or offline (it may have missed changes): a listener must not serve its
 * own copies while the feed is offline.
 */
public interface InvalidationFeed {

    /** What a feed reports; called from the feed's own threads. */
    interface Listener {
        /** The feed now delivers every change; changes before this call may have been missed. */
        void online();

        /** The feed lost its connection: changes from now on may be missed until {@link #online()}. */
        void offline(String reason);

        /** These posts changed (details, counters or version). */
        void invalidated(Collection<PostId> posts);

        /** These geo cells changed (points, completeness or version): searches over them may answer otherwise. */
        default void invalidatedCells(Collection<String> cellIds) {
            invalidatedAll();
        }

        /** Everything may have changed (the server was flushed, or a change could not be attributed). */
        void invalidatedAll();
    }

    /** A running subscription; closing it stops the feed's threads and connections. */
    interface Subscription extends AutoCloseable {
        /**
         * Delivers, on the calling thread, every change that has reached this process and not been
         * delivered yet, and returns whether nothing received is left undelivered. A listener calls
         * it before answering from its copies: a feed's own thread can be kept waiting for a CPU for
         * tens of milliseconds on a busy machine, and a copy must not be served meanwhile when the
         * change that superseded it has already arrived. False: do not trust the copies this time.
         */
        default boolean catchUp() {
            return true;
        }

        @Override
        void close();
    }

    /** Starts delivering to {@code listener}, reconnecting after failures until closed. */
    Subscription subscribe(Listener listener);
}
