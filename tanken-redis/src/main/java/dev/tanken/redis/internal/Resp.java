package dev.tanken.redis.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RESP2 replies parsed from a buffer that may hold only part of one: {@link #parse} consumes a
 * reply only once all of it is there, so a connection can be read without blocking, by whichever
 * thread gets to it first.
 */
final class Resp {
    /** Returned by {@link #parse} when the buffer ends before the reply does (nothing is consumed). */
    static final Object INCOMPLETE = new Object();
    /** A null bulk string or null array. */
    static final Object NIL = new Object();

    /** An error reply ({@code -ERR ...}). */
    record Error(String message) {
        Error {
            if (message == null) {
                throw new IllegalArgumentException("an error reply has a message");
            }
        }
    }

    private Resp() {
    }

    /**
     * The next reply between the buffer's position and limit, advancing the position past it; or
     * {@link #INCOMPLETE} with the position unchanged. Bulk strings are {@code byte[]}, integers
     * {@code Long}, simple strings {@code String}, arrays {@code List}, errors {@link Error}.
     */
    static Object parse(ByteBuffer b) {
        int start = b.position();
        Object o = value(b);
        if (o == INCOMPLETE) {
            b.position(start);
        }
        return o;
    }

    private static Object value(ByteBuffer b) {
        if (!b.hasRemaining()) {
            return INCOMPLETE;
        }
        byte type = b.get();
        String line = line(b);
        if (line == null) {
            return INCOMPLETE;
        }
        switch (type) {
            case '+':
                return line;
            case '-':
                return new Error(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return NIL;
                }
                if (b.remaining() < n + 2) {
                    return INCOMPLETE;
                }
                byte[] v = new byte[n];
                b.get(v);
                b.position(b.position() + 2);
                return v;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return NIL;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    Object item = value(b);
                    if (item == INCOMPLETE) {
                        return INCOMPLETE;
                    }
                    items.add(item);
                }
                return items;
            }
            default:
                throw new IllegalStateException("not a RESP2 reply (type byte " + (type & 0xff) + ")");
        }
    }

    /** The text up to the next CRLF, consuming it; null when no CRLF follows yet. */
    private static String line(ByteBuffer b) {
        int from = b.position();
        for (int i = from; i + 1 < b.limit(); i++) {
            if (b.get(i) == '\r' && b.get(i + 1) == '\n') {
                byte[] text = new byte[i - from];
                b.get(text);
                b.position(i + 2);
                return new String(text, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** A command as RESP: an array of bulk strings. */
    static ByteBuffer command(Object... args) {
        List<byte[]> parts = new ArrayList<>(args.length);
        int size = 16;
        for (Object a : args) {
            byte[] p = a instanceof byte[] bytes ? bytes : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
            parts.add(p);
            size += p.length + 16;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(("*" + parts.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) {
            out.put(("$" + p.length + "\r\n").getBytes(StandardCharsets.US_ASCII)).put(p).put((byte) '\r')
                    .put((byte) '\n');
        }
        return out.flip();
    }
}
