package dev.tanken.server.internal.connect;

import java.util.Objects;

/**
 * A failure the caller is told about as a Connect error. The message goes to the caller as it is,
 * so it must be written for them: no internals, no stack trace (none is even recorded).
 *
 * @param httpStatus normally the code's; an unknown method is a 404 whose code is unimplemented
 */
public final class ConnectError extends RuntimeException {
    private final Code code;
    private final int httpStatus;

    public ConnectError(Code code, String message) {
        this(code, code.httpStatus(), message);
    }

    public ConnectError(Code code, int httpStatus, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.httpStatus = httpStatus;
    }

    public Code code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static ConnectError invalidArgument(String message) {
        return new ConnectError(Code.INVALID_ARGUMENT, message);
    }

    public static ConnectError unauthenticated(String message) {
        return new ConnectError(Code.UNAUTHENTICATED, message);
    }
}
