package dev.tanken.cli.internal;

import java.util.regex.Pattern;

/** Derives a valid Tanken username from an operating-system account name. */
public final class Usernames {
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^\\p{L}\\p{N}._-]+");
    private static final int MAX_LENGTH = 64;
    static final String FALLBACK = "tanken";

    private Usernames() {
    }

    /**
     * Account names may hold spaces, a Windows domain ({@code CORP\jo}) or be empty; such characters
     * become '_' so that every OS account maps to some valid, stable username.
     */
    public static String fromOsUser(String osUser) {
        if (osUser == null || osUser.isBlank()) {
            return FALLBACK;
        }
        String name = NOT_ALLOWED.matcher(osUser.strip()).replaceAll("_");
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_LENGTH));
        }
        return name.isEmpty() ? FALLBACK : name;
    }
}
