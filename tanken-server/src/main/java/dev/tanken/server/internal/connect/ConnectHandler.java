package dev.tanken.server.internal.connect;

import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unary calls of the Connect protocol: a POST to {@code /package.Service/Method} with the request
 * message as the body (or, for methods without side effects, a GET with it in the query), the response message (status 200) or a JSON error {@code {code, message}}
 * (status by code) back. Runs on the request's thread: every method body is a blocking library call.
 */
public final class ConnectHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);
    private static final String PROTOCOL_VERSION = "connect-protocol-version";
    private static final String TIMEOUT = "connect-timeout-ms";
    private static final int COMPRESS_ABOVE_BYTES = 1024;

    /**
     * @param maxMessageBytes the largest request body, compressed or not
     * @param maxCallMillis the longest a call may take whatever the client asks
     */
    public record Limits(int maxMessageBytes, long maxCallMillis) {
        public Limits {
            if (maxMessageBytes < 1 || maxCallMillis < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    private final RpcRegistry registry;
    private final Authenticator authenticator;
    private final Authenticator appAuthenticator;
    private final Predicate<String> rateLimit;
    private final Limits limits;

    /** @param rateLimit answers whether a caller key (a user name or an address) may make one more call */
    public ConnectHandler(RpcRegistry registry, Authenticator authenticator, Predicate<String> rateLimit,
            Limits limits) {
        this(registry, authenticator, headers -> {
            throw ConnectError.unauthenticated("this server takes no application keys");
        }, rateLimit, limits);
    }

    /** @param appAuthenticator tells which application calls a {@link Rpc#forApps()} method */
    public ConnectHandler(RpcRegistry registry, Authenticator authenticator, Authenticator appAuthenticator,
            Predicate<String> rateLimit, Limits limits) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.appAuthenticator = Objects.requireNonNull(appAuthenticator, "app authenticator");
        this.rateLimit = Objects.requireNonNull(rateLimit, "rate limit");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Answers one request (any path that is not another handler's) and says how it ended. */
    public Outcome handle(Request request, Response response, Callback callback, String requestId) {
        long started = System.nanoTime();
        String path = request.getHttpURI().getPath();
        Rpc<?, ?> rpc = registry.find(path).orElse(null);
        String rpcName = rpc == null ? "unknown" : rpc.path();
        String caller = null;
        try {
            if (rpc == null) {
                throw new ConnectError(Code.UNIMPLEMENTED, 404, "no such method: " + Errors.clip(path));
            }
            boolean get = "GET".equals(request.getMethod());
            if (!"POST".equals(request.getMethod()) && !(get && rpc.sideEffectFree())) {
                response.getHeaders().put(HttpHeader.ALLOW, rpc.sideEffectFree() ? "GET, POST" : "POST");
                throw new ConnectError(Code.UNIMPLEMENTED, 405, rpc.sideEffectFree()
                        ? "Connect unary calls use POST, or GET with the message in the query"
                        : "Connect unary calls use POST (GET only for methods without side effects)");
            }
            HttpFields headers = request.getHeaders();
            QueryMessage query = get ? QueryMessage.parse(request, limits.maxMessageBytes()) : null;
            Codec codec = get ? query.codec() : Codec.forContentType(headers.get(HttpHeader.CONTENT_TYPE)).orElse(null);
            if (codec == null) {
                response.getHeaders().put("Accept-Post", "application/json, application/proto");
                throw new ConnectError(Code.UNKNOWN, 415, "the content type must be application/json or "
                        + "application/proto");
            }
            String version = headers.get(PROTOCOL_VERSION);
            if (version != null && !version.strip().equals("1")) {
                throw ConnectError.invalidArgument("unsupported connect-protocol-version '" + Errors.clip(version)
                        + "'; this server speaks version 1");
            }
            long deadline = started + deadlineMillis(headers.get(TIMEOUT)) * 1_000_000L;
            boolean gzip = get ? query.gzip()
                    : requestIsGzipped(headers.get(HttpHeader.CONTENT_ENCODING), headers.get("connect-content-encoding"));

            // An application's key is no user credential, and a user's token opens no application method.
            Caller who = rpc.forApps() || rpc.appKeysToo() && carriesAppKey(headers) ? appAuthenticator.authenticate(headers)
                    : authenticator.authenticate(headers);
            caller = who.app() != null ? "app:" + who.app() : who.username();
            String key = who.app() != null ? "app:" + who.app()
                    : who.isAnonymous() ? "ip:" + Request.getRemoteAddr(request) : "user:" + who.username();
            if (!rateLimit.test(key)) {
                throw new ConnectError(Code.RESOURCE_EXHAUSTED, "too many calls; slow down and retry later");
            }
            byte[] body = get ? inflate(query.bytes(), gzip) : readBody(request, gzip);
            Message input = codec.parse(rpc.requestPrototype(), body);
            if (System.nanoTime() > deadline) {
                throw new ConnectError(Code.DEADLINE_EXCEEDED, "the call's deadline passed before it started");
            }
            Message output = rpc.invoke(who, input);
            if (System.nanoTime() > deadline) {
                // Whatever the call wrote stays written: the client has given up waiting, not undone it.
                throw new ConnectError(Code.DEADLINE_EXCEEDED, "the call did not finish within its deadline");
            }
            byte[] bytes = rpc.write(codec, output);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, codec.mediaType());
            if (bytes.length > COMPRESS_ABOVE_BYTES) {
                // Compressed or not, this answer was chosen by Accept-Encoding; a shared cache must know.
                response.getHeaders().add(HttpHeader.VARY, "Accept-Encoding");
                if (acceptsGzip(headers.get(HttpHeader.ACCEPT_ENCODING))) {
                    bytes = gzip(bytes);
                    response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
                }
            }
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), callback);
            return new Outcome(rpcName, 200, "ok", caller);
        } catch (Throwable t) {
            ConnectError error = Errors.known(t);
            if (error == null) {
                error = Errors.hidden(t, requestId);
                // The trace is for whoever debugs; at INFO the log carries only what happened.
                LOG.warn("request {} to {} failed: {}", requestId, rpcName, t.toString());
                LOG.debug("request {} failed", requestId, t);
            }
            RequestBodies.discardRest(request);
            writeError(response, callback, error);
            return new Outcome(rpcName, error.httpStatus(), error.code().wireName(), caller);
        }
    }

    private long deadlineMillis(String header) {
        if (header == null) {
            return limits.maxCallMillis();
        }
        String value = header.strip();
        // The protocol allows at most 10 digits.
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ConnectError.invalidArgument("connect-timeout-ms must be a positive integer of at most 10 digits");
        }
        return Math.min(Long.parseLong(value), limits.maxCallMillis());
    }

    private static boolean requestIsGzipped(String contentEncoding, String connectEncoding) {
        String encoding = connectEncoding != null ? connectEncoding : contentEncoding;
        if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) {
            return false;
        }
        if (encoding.strip().equalsIgnoreCase("gzip")) {
            return true;
        }
        throw new ConnectError(Code.UNIMPLEMENTED, "unsupported content encoding '" + Errors.clip(encoding)
                + "'; use gzip or identity");
    }

    private static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.equals("gzip") || (p.startsWith("gzip;") && !p.replace(" ", "").endsWith("q=0"))) {
                return true;
            }
        }
        return false;
    }

    private byte[] readBody(Request request, boolean gzip) throws IOException {
        long declared = request.getLength();
        InputStream in = Content.Source.asInputStream(request);
        if (declared > limits.maxMessageBytes()) {
            RequestBodies.discardSomeOf(in, declared);
            throw tooLarge();
        }
        byte[] raw = in.readNBytes(limits.maxMessageBytes() + 1);
        if (raw.length > limits.maxMessageBytes()) {
            RequestBodies.discardSomeOf(in, Long.MAX_VALUE);
            throw tooLarge();
        }
        return inflate(raw, gzip);
    }

    private byte[] inflate(byte[] raw, boolean gzip) throws IOException {
        if (raw.length > limits.maxMessageBytes()) {
            throw tooLarge();
        }
        if (!gzip) {
            return raw;
        }
        try (InputStream unzipped = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
            // The limit holds for what the message becomes, so a small bomb cannot grow huge here.
            return readAtMost(unzipped, limits.maxMessageBytes());
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw ConnectError.invalidArgument("the request body is not valid gzip");
        }
    }

    private byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            throw tooLarge();
        }
        return bytes;
    }

    private ConnectError tooLarge() {
        return new ConnectError(Code.RESOURCE_EXHAUSTED, "the request message is larger than "
                + limits.maxMessageBytes() + " bytes");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    /** Writes a Connect error: always JSON, whatever the request's codec. */
    public static void writeError(Response response, Callback callback, ConnectError error) {
        String json = "{\"code\":\"" + error.code().wireName() + "\",\"message\":" + jsonString(error.getMessage())
                + "}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(error.httpStatus());
        response.getHeaders().remove(HttpHeader.CONTENT_ENCODING);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    public static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A bearer credential in the form of an application key; user tokens (JWTs) never start so. */
    private static boolean carriesAppKey(HttpFields headers) {
        String value = headers.get(HttpHeader.AUTHORIZATION);
        if (value == null) {
            return false;
        }
        value = value.strip();
        return value.length() > 7 && value.substring(0, 7).equalsIgnoreCase("bearer ")
                && value.substring(7).strip().startsWith(dev.tanken.activity.internal.ApiKeys.PREFIX);
    }
}
