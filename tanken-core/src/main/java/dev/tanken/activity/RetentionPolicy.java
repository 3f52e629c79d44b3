package dev.tanken.activity;

import dev.tanken.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long an application's entries are kept, and whether they are archived to the blob store
 * before they are removed.
 *
 * <p>Entries expire by whole calendar months (UTC): an entry is removed by the first maintenance run
 * after the whole of its month is older than {@code keepDays}, so every entry is kept at least that
 * long, and an archive always holds a whole month of one application.
 *
 * @param app the application ({@code tanken} for Tanken's own entries)
 * @param keepDays days to keep entries, or null to keep them forever
 * @param archive whether entries are written to the blob store before they are removed
 */
public record RetentionPolicy(String app, Integer keepDays, boolean archive) {
    /** The longest retention that can be set: a hundred years. */
    public static final int MAX_KEEP_DAYS = 36_500;

    private static final Pattern DAYS = Pattern.compile("([0-9]{1,6})d");

    public RetentionPolicy {
        ActivityEntry.requireApp(app);
        if (keepDays != null && (keepDays < 1 || keepDays > MAX_KEEP_DAYS)) {
            throw new InvalidInputException("retention must be 1 to " + MAX_KEEP_DAYS + " days, got " + keepDays);
        }
    }

    /** What an application without a policy gets: its entries are kept forever, not archived. */
    public static RetentionPolicy forever(String app) {
        return new RetentionPolicy(app, null, false);
    }

    /**
     * Days from a retention as written on the command line: {@code 400d} (1 to 36500 days), or
     * {@code forever} (null).
     *
     * @throws InvalidInputException naming the value when it is neither
     */
    public static Integer parseKeepDays(String text) {
        if (text == null) {
            throw new InvalidInputException("retention must not be null");
        }
        if (text.equals("forever")) {
            return null;
        }
        Matcher m = DAYS.matcher(text);
        if (!m.matches()) {
            throw new InvalidInputException("retention must be a number of days such as 400d, or 'forever', got '"
                    + text + "'");
        }
        int days = Integer.parseInt(m.group(1));
        if (days < 1 || days > MAX_KEEP_DAYS) {
            throw new InvalidInputException("retention must be 1 to " + MAX_KEEP_DAYS + " days, got '" + text + "'");
        }
        return days;
    }

    /** The retention as {@link #parseKeepDays} reads it: {@code 400d} or {@code forever}. */
    public String keepText() {
        return keepDays == null ? "forever" : keepDays + "d";
    }
}
