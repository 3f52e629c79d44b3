package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.db.DatabaseService;
import dev.tanken.model.PostId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Post ids as people type and read them, as git does with commit hashes: a table shows the shortest
 * beginning of each id that no other stored post shares (at least {@link #MIN_SHOWN} characters), and
 * a command takes any unambiguous beginning of at least {@link #MIN_TYPED} hexadecimal digits. Ids are
 * UUIDv7, whose first digits are the creation time, so posts made close together need longer ones.
 */
public final class ShortIds {
    /** Fewest characters a table shows. */
    public static final int MIN_SHOWN = 8;

    /** Fewest hexadecimal digits a command takes. */
    public static final int MIN_TYPED = 4;

    /** How many candidates an ambiguity names. */
    static final int CANDIDATES = 5;

    /** Ids sharing the shown minimum read at once; beyond this, the length is searched for. */
    private static final int NEIGHBOURHOOD = 64;

    private static final int FULL = 36;

    private ShortIds() {
    }

    /**
     * A post id typed on the command line, checked before any database is opened: a whole id, or the
     * beginning of one with at least {@link #MIN_TYPED} digits.
     */
    public static Typed parse(String text) {
        String prefix = PostId.canonicalPrefix(text);
        if (prefix.length() == FULL) {
            return new Typed(text, prefix, PostId.parse(prefix));
        }
        if (prefix.replace("-", "").length() < MIN_TYPED) {
            throw new InvalidInputException("a post id needs at least " + MIN_TYPED
                    + " hexadecimal digits to be told apart from others: '" + text + "'");
        }
        return new Typed(text, prefix, null);
    }

    /** What {@link #parse} accepted; {@link #resolve} finds the post it means. */
    public record Typed(String text, String prefix, PostId whole) {
        /**
         * The one stored post whose id begins so; a whole id is taken as it is (the command then says
         * whether it exists).
         *
         * @throws NotFoundException if no post id begins so
         * @throws InvalidInputException if several do, naming a few of them
         */
        public PostId resolve(DatabaseService db) {
            if (whole != null) {
                return whole;
            }
            List<PostId> found = db.postIdsStartingWith(prefix, CANDIDATES + 1);
            if (found.isEmpty()) {
                throw new NotFoundException("no post id begins with " + prefix);
            }
            if (found.size() == 1) {
                return found.get(0);
            }
            String many = found.size() > CANDIDATES ? "more than " + CANDIDATES : Integer.toString(found.size());
            List<String> names = found.stream().limit(CANDIDATES).map(PostId::toString).toList();
            throw new InvalidInputException("post id " + prefix + " is ambiguous: " + many + " posts' ids begin so, "
                    + "such as " + String.join(", ", names) + "; give more of it");
        }
    }

    /** Resolves typed text in one step, for commands that open the database first. */
    public static PostId resolve(DatabaseService db, String text) {
        return parse(text).resolve(db);
    }

    /** The shortest unique beginning of each id among every stored post, at least {@link #MIN_SHOWN} long. */
    public static Map<PostId, String> of(DatabaseService db, Collection<PostId> ids) {
        Map<String, List<PostId>> neighbourhoods = new HashMap<>();
        Map<PostId, String> shown = new HashMap<>();
        for (PostId id : ids) {
            if (shown.containsKey(id)) {
                continue;
            }
            String text = id.toString();
            List<PostId> near = neighbourhoods.computeIfAbsent(text.substring(0, MIN_SHOWN),
                    start -> db.postIdsStartingWith(start, NEIGHBOURHOOD));
            int length = near.size() < NEIGHBOURHOOD ? fromNeighbours(text, near) : searched(db, text);
            shown.put(id, text.substring(0, length));
        }
        return shown;
    }

    /** One more character than the longest beginning shared with any other id. */
    private static int fromNeighbours(String text, List<PostId> near) {
        int shared = 0;
        for (PostId other : near) {
            String o = other.toString();
            if (!o.equals(text)) {
                int common = 0;
                while (common < FULL && o.charAt(common) == text.charAt(common)) {
                    common++;
                }
                shared = Math.max(shared, common);
            }
        }
        return Math.max(MIN_SHOWN, Math.min(FULL, shared + 1));
    }

    /** The shortest unique length by bisection: a longer beginning never matches more ids. */
    private static int searched(DatabaseService db, String text) {
        int low = MIN_SHOWN + 1;
        int high = FULL;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (db.postIdsStartingWith(text.substring(0, mid), 2).size() <= 1) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
