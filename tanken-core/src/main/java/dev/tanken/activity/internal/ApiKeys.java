package dev.tanken.activity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Application API keys: 256 random bits, stored as their SHA-256. A password hash (bcrypt, argon2)
 * slows down guessing a low-entropy secret from a stolen hash; a 256-bit random key cannot be
 * guessed however fast the hash is, and a fast hash lets every request be checked without costing
 * the server tens of milliseconds of CPU. Internal: not API.
 */
public final class ApiKeys {
    /** Marks a Tanken application key, so that one found in a log or a repository is recognisable. */
    public static final String PREFIX = "tka_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String newKey() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The SHA-256 of the key, in hex. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** Compares two hashes in time independent of where they differ. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
