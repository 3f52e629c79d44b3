package dev.tanken.activity;

import dev.tanken.InvalidInputException;
import java.util.regex.Pattern;

/**
 * One link of an application's hash chain: the entry at position {@code seq} of the chain of
 * {@code app} was sealed with {@code hash}. As a chain head (the last link) it is what {@code tanken
 * activity head} exports, so that a later verify notices a tail that was cut off; as an anchor it is
 * the last link retention dropped, where verify starts.
 *
 * @param app the application whose chain this is
 * @param seq the position in the chain, from 1
 * @param hash SHA-256 of the previous link's hash and the entry's canonical form, 64 lower-case hex digits
 */
public record ChainLink(String app, long seq, String hash) {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public ChainLink {
        app = ActivityEntry.requireApp(app);
        if (seq < 1) {
            throw new InvalidInputException("a chain link's seq starts at 1, got " + seq);
        }
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new InvalidInputException("a chain link's hash is 64 lower-case hex digits (SHA-256), got '"
                    + hash + "'");
        }
    }
}
