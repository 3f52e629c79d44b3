package dev.tanken.activity;

/**
 * Told, after a maintenance run removed an application's expired entries, which was the last
 * (newest) of them: whatever checks the application's entries in order (a hash chain) starts after it.
 */
@FunctionalInterface
public interface RetentionListener {
    /** Does nothing. */
    RetentionListener NONE = (app, lastDropped) -> { };

    /**
     * Called once per application whose entries this run removed, after they are gone.
     *
     * @param lastDropped the newest entry removed (by occurred-at, then id)
     */
    void dropped(String app, ActivityEntry lastDropped);
}
