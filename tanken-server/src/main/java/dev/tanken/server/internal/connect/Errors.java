package dev.tanken.server.internal.connect;

import dev.tanken.ConflictException;
import dev.tanken.ForbiddenException;
import dev.tanken.InvalidInputException;
import dev.tanken.NotFoundException;
import dev.tanken.StorageException;

/** Tanken's exceptions as Connect errors: what the caller did wrong is told; what broke inside is not. */
public final class Errors {
    /** Library messages may quote the caller's input; a hostile megabyte of it is not echoed back. */
    static final int MAX_MESSAGE_CHARS = 300;

    private Errors() {
    }

    /** The error to answer; null for a failure the caller cannot act on (answered internal, logged). */
    public static ConnectError known(Throwable t) {
        if (t instanceof ConnectError e) {
            return e;
        }
        // Most specific first: the hierarchy nests (a conflict is an invalid input).
        if (t instanceof NotFoundException) {
            return new ConnectError(Code.NOT_FOUND, clip(t.getMessage()));
        }
        if (t instanceof ForbiddenException) {
            return new ConnectError(Code.PERMISSION_DENIED, clip(t.getMessage()));
        }
        if (t instanceof ConflictException) {
            return new ConnectError(Code.ALREADY_EXISTS, clip(t.getMessage()));
        }
        if (t instanceof InvalidInputException) {
            return new ConnectError(Code.INVALID_ARGUMENT, clip(t.getMessage()));
        }
        // Which host or table failed, or which line threw, helps an operator, not the caller.
        return null;
    }

    /** Whether an unknown failure is the storage's (unavailable, retry later) or a bug (internal). */
    public static ConnectError hidden(Throwable t, String requestId) {
        if (t instanceof StorageException) {
            return new ConnectError(Code.UNAVAILABLE, "storage is unavailable; try again later (request " + requestId
                    + ")");
        }
        return new ConnectError(Code.INTERNAL, "internal error (request " + requestId + ")");
    }

    static String clip(String message) {
        if (message == null || message.isBlank()) {
            return "invalid input";
        }
        StringBuilder b = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_CHARS + 1));
        message.codePoints().limit(MAX_MESSAGE_CHARS).forEach(cp -> b.appendCodePoint(Character.isISOControl(cp)
                ? ' ' : cp));
        if (message.codePointCount(0, message.length()) > MAX_MESSAGE_CHARS) {
            b.append('…');
        }
        return b.toString();
    }
}
