package dev.tanken.server.internal.auth;

import dev.tanken.activity.ActivityIngest;
import dev.tanken.server.internal.connect.Authenticator;
import dev.tanken.server.internal.connect.Caller;
import dev.tanken.server.internal.connect.ConnectError;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Applications that send activity entries: the caller is the application whose API key the
 * {@code Authorization: Bearer KEY} header carries (see {@code tanken activity app add}). Separate
 * from user sign-in: a user's token is not a key, and a key signs in no user.
 */
public final class AppKeyAuthenticator implements Authenticator {
    private final Supplier<ActivityIngest> ingest;

    /** @param ingest the ingest path whose keys count, asked at each call */
    public AppKeyAuthenticator(Supplier<ActivityIngest> ingest) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
    }

    @Override
    public Caller authenticate(HttpFields headers) {
        String header = headers.get(HttpHeader.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw ConnectError.unauthenticated("send the application's API key as 'Authorization: Bearer KEY'"
                    + " (tanken activity app add)");
        }
        String value = header.strip();
        if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw ConnectError.unauthenticated("the Authorization header must be 'Bearer KEY'");
        }
        return ingest.get().authenticate(value.substring(7).strip()).map(Caller::application)
                .orElseThrow(() -> ConnectError.unauthenticated("the API key is not valid (unknown, or its app was"
                        + " removed)"));
    }
}
