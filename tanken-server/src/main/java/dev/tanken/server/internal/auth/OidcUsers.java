package dev.tanken.server.internal.auth;

import dev.tanken.ConflictException;
import dev.tanken.Tanken;
import dev.tanken.model.User;
import dev.tanken.server.internal.connect.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Tanken user of an OIDC identity, created on first sign-in. The username is derived from
 * (issuer, subject), so every instance of the server finds the same user without a shared table,
 * and no identity can take another's name.
 */
public final class OidcUsers {
    private static final int MAX_REMEMBERED = 10_000;

    private final Tanken tanken;
    private final Map<String, Caller> known = new ConcurrentHashMap<>();

    public OidcUsers(Tanken tanken) {
        this.tanken = tanken;
    }

    public Caller signIn(String issuer, String subject) {
        String name = username(issuer, subject);
        Caller cached = known.get(name);
        if (cached != null) {
            return cached;
        }
        User user = tanken.database().findUserByName(name).orElseGet(() -> create(name, issuer));
        Caller caller = new Caller(user.username(), user.id());
        if (known.size() >= MAX_REMEMBERED) {
            known.clear();
        }
        known.put(name, caller);
        return caller;
    }

    private User create(String name, String issuer) {
        Instant now = Instant.now();
        User fresh = new User(com.github.f4b6a3.uuid.UuidCreator.getTimeOrderedEpoch(), name, null, null, null, issuer,
                now, now, false);
        try {
            return tanken.createUser(fresh);
        } catch (ConflictException raced) {
            // Another instance signed the same identity in first.
            return tanken.database().findUserByName(name).orElseThrow(() -> raced);
        }
    }

    /** {@code oidc-} and 128 bits of SHA-256 over issuer and subject, in hex. */
    static String username(String issuer, String subject) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((issuer + "\n" + subject).getBytes(StandardCharsets.UTF_8));
            return "oidc-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
