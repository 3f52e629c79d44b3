package dev.tanken.server;

import dev.tanken.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How callers prove who they are.
 *
 * @param mode {@code DEV}: the {@code X-Tanken-User} header names the caller, no proof (loopback
 *     only); {@code OIDC}: an ID token from {@code issuer} for {@code clientId}
 * @param minKeyRefresh the least time between two downloads of the issuer's keys
 */
public record AuthOptions(Mode mode, String issuer, String clientId, Duration minKeyRefresh) {
    public enum Mode {
        DEV, OIDC;

        public static Mode parse(String text) {
            if (text != null) {
                for (Mode m : values()) {
                    if (m.name().equalsIgnoreCase(text.strip())) {
                        return m;
                    }
                }
            }
            throw new InvalidInputException("auth must be dev or oidc, got '" + text + "'");
        }
    }

    public static final Duration DEFAULT_MIN_KEY_REFRESH = Duration.ofSeconds(30);

    public AuthOptions {
        if (mode == null) {
            throw new InvalidInputException("auth mode must not be null");
        }
        minKeyRefresh = minKeyRefresh == null ? DEFAULT_MIN_KEY_REFRESH : minKeyRefresh;
        if (mode == Mode.OIDC) {
            if (issuer == null || issuer.isBlank()) {
                throw new InvalidInputException("--auth oidc needs --issuer URL");
            }
            if (clientId == null || clientId.isBlank()) {
                throw new InvalidInputException("--auth oidc needs --client-id ID");
            }
            URI uri;
            try {
                uri = URI.create(issuer);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--issuer must be a URL, got '" + issuer + "'");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new InvalidInputException("--issuer must be an https URL, got '" + issuer + "'");
            }
        }
        if (minKeyRefresh.isNegative()) {
            throw new InvalidInputException("the key refresh interval must not be negative");
        }
    }

    public static AuthOptions dev() {
        return new AuthOptions(Mode.DEV, null, null, null);
    }

    public static AuthOptions oidc(String issuer, String clientId) {
        return new AuthOptions(Mode.OIDC, issuer, clientId, null);
    }

    public AuthOptions withMinKeyRefresh(Duration interval) {
        return new AuthOptions(mode, issuer, clientId, interval);
    }
}
