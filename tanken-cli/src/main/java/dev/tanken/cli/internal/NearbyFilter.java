package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.Page;
import dev.tanken.model.Post;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code nearby --tag/--user/--since}: filters the API's nearest-first pages and still returns full
 * pages with a correct cursor. Each request asks the API for no more posts than the page still
 * needs, so every match of a fetched page fits and the API's cursor (after the last post fetched,
 * every later post of that page being a non-match) is exactly where the next page starts. A sparse
 * filter costs more round trips; after {@link #MAX_SCANNED} posts a page is returned short, with
 * the cursor to go on. The filters are bound into the cursor, as the API binds the centre.
 *
 * @param tags tags a post must all have, normalised as stored
 * @param author the author's username, or null
 * @param since the earliest posting time, or null
 * @param sinceAsTyped {@code --since} as typed, which the cursor binds: "2d" names a moving instant
 *     that must still match on the next page
 */
public record NearbyFilter(List<String> tags, String author, Instant since, String sinceAsTyped) {
    /** Posts one command looks through at most before it returns a short page. */
    public static final int MAX_SCANNED = 10_000;
    private static final char SEPARATOR = '~';

    public NearbyFilter {
        tags = List.copyOf(tags);
    }

    public boolean active() {
        return !tags.isEmpty() || author != null || since != null;
    }

    public boolean test(Post post) {
        return post.tags().containsAll(tags)
                && (author == null || post.author().username().equals(author))
                && (since == null || !post.createdAt().isBefore(since));
    }

    /**
     * One page of matches.
     *
     * @param cursor the cursor this command printed last time, or null
     * @param fetch the API's nearby search: (API cursor, page size) to a page
     */
    public Page<NearbyPost> page(String cursor, int limit, BiFunction<String, Integer, Page<NearbyPost>> fetch) {
        String apiCursor = unwrap(cursor);
        if (!active()) {
            return fetch.apply(apiCursor, limit);
        }
        List<NearbyPost> kept = new ArrayList<>();
        String next = apiCursor;
        int scanned = 0;
        do {
            Page<NearbyPost> page = fetch.apply(next, limit - kept.size());
            for (NearbyPost hit : page.items()) {
                if (test(hit.post())) {
                    kept.add(hit);
                }
            }
            scanned += page.items().size();
            next = page.next().orElse(null);
        } while (kept.size() < limit && next != null && scanned < MAX_SCANNED);
        return new Page<>(kept, next == null ? null : next + SEPARATOR + fingerprint());
    }

    /** " tagged #a #b by mei since 2024-…", for the "no posts" line. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (!tags.isEmpty()) {
            s.append(" tagged");
            tags.forEach(t -> s.append(" #").append(t));
        }
        if (author != null) {
            s.append(" by ").append(author);
        }
        if (since != null) {
            s.append(" since ").append(since);
        }
        return s.toString();
    }

    private String unwrap(String cursor) {
        if (cursor == null) {
            return null;
        }
        int at = cursor.lastIndexOf(SEPARATOR);
        String bound = at < 0 ? null : cursor.substring(at + 1);
        if (active() ? !fingerprint().equals(bound) : bound != null) {
            throw new InvalidInputException("this cursor belongs to a search with other --tag, --user or --since "
                    + "filters; run the search again without --cursor");
        }
        return at < 0 ? cursor : cursor.substring(0, at);
    }

    private String fingerprint() {
        String canonical = String.join("\u0000", tags) + "\u0001" + author + "\u0001" + sinceAsTyped;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
