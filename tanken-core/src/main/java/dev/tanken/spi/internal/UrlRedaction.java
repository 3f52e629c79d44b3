package dev.tanken.spi.internal;

/** Hides credentials in URLs shown in messages. Internal: not API. */
public final class UrlRedaction {
    private UrlRedaction() {
    }

    /**
     * {@code scheme://user:secret@host/...} becomes {@code scheme://user:***@host/...}; query
     * parameters that carry secrets ({@code password}, {@code secretKey}, {@code secret}, {@code
     * token}) lose their values.
     */
    public static String redact(String url) {
        String shown = url.replaceAll("(://[^/:@?#]*):[^@/?#]*@", "$1:***@");
        return shown.replaceAll("(?i)([?&](?:password|secretKey|secret|token|secretAccessKey)=)[^&#]*", "$1***");
    }
}
