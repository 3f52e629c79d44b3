package dev.tanken.server.internal.http;

import dev.tanken.Tanken;
import dev.tanken.server.internal.api.Viewers;
import dev.tanken.server.internal.connect.Authenticator;
import dev.tanken.server.internal.connect.Code;
import dev.tanken.server.internal.connect.ConnectError;
import dev.tanken.server.internal.connect.ConnectHandler;
import dev.tanken.server.internal.connect.Errors;
import dev.tanken.server.internal.connect.Outcome;
import dev.tanken.server.internal.connect.RequestBodies;
import dev.tanken.server.internal.web.WebHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request's way in: gives it a request id, answers CORS preflights, routes it (health,
 * metrics, pictures, else a Connect call), then logs it and counts it.
 */
public final class ServerHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ServerHandler.class);
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final ConnectHandler connect;
    private final PicturesHandler pictures;
    private final WebHandler web;
    private final Readiness readiness;
    private final ServerMetrics metrics;
    private final Predicate<String> rateLimit;
    private final AccessLog accessLog = new AccessLog();

    public ServerHandler(Tanken tanken, ConnectHandler connect, Authenticator authenticator, Predicate<String> rateLimit,
            ServerMetrics metrics, WebHandler web) {
        this.connect = connect;
        this.web = web;
        this.pictures = new PicturesHandler(tanken, authenticator, new Viewers(tanken));
        this.readiness = new Readiness(tanken);
        this.metrics = metrics;
        this.rateLimit = rateLimit;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String supplied = request.getHeaders().get("X-Request-Id");
        String requestId = supplied != null && CLIENT_REQUEST_ID.matcher(supplied).matches() ? supplied
                : UUID.randomUUID().toString();
        response.getHeaders().put("X-Request-Id", requestId);
        boolean crossOrigin = Cors.decorate(request.getHeaders(), response.getHeaders());
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        String rpc = null;
        String code = null;
        String caller = null;
        int status;
        if (!routedToConnect(path, method, crossOrigin, request)) {
            // Only Connect calls read a body; anything sent to the others is read away here.
            RequestBodies.discardRest(request);
        }
        if (crossOrigin && Cors.isPreflight(method, request.getHeaders())) {
            Cors.preflight(response.getHeaders());
            status = empty(response, callback, 204);
        } else if (path.equals("/healthz")) {
            status = text(response, callback, 200, "text/plain; charset=utf-8", "ok\n");
        } else if (path.equals("/readyz")) {
            Map<String, String> states = readiness.check();
            boolean ready = states.values().stream().allMatch("ok"::equals);
            StringBuilder json = new StringBuilder("{\"ready\":").append(ready);
            states.forEach((k, v) -> json.append(",\"").append(k).append("\":\"").append(v).append('"'));
            status = text(response, callback, ready ? 200 : 503, "application/json", json.append("}\n").toString());
        } else if (path.equals("/metrics")) {
            status = text(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        } else if (path.startsWith(PicturesHandler.PREFIX)) {
            status = picture(request, response, callback, requestId);
            metrics.recordPicture(status);
        } else if (WebHandler.handles(path)) {
            status = served(request, response, callback, requestId, () -> {
                // The page's files are fixed bytes; the basemap is computed, so it counts like a call.
                if (path.equals(WebHandler.BASEMAP) && !rateLimit.test("ip:" + Request.getRemoteAddr(request))) {
                    throw new ConnectError(Code.RESOURCE_EXHAUSTED, "too many requests; slow down and retry later");
                }
                return web.handle(request, response, callback);
            });
        } else {
            Outcome outcome = connect.handle(request, response, callback, requestId);
            status = outcome.status();
            rpc = outcome.rpc();
            code = outcome.code();
            caller = outcome.caller();
            metrics.recordCall(rpc, code, System.nanoTime() - started);
        }
        accessLog.write(new AccessLog.Entry(requestId, Request.getRemoteAddr(request),
                request.getConnectionMetaData().getProtocol(), method, path, status, rpc, code, caller,
                System.nanoTime() - started));
        return true;
    }

    private static boolean routedToConnect(String path, String method, boolean crossOrigin, Request request) {
        return !(crossOrigin && Cors.isPreflight(method, request.getHeaders())) && !path.equals("/healthz")
                && !path.equals("/readyz") && !path.equals("/metrics") && !path.startsWith(PicturesHandler.PREFIX)
                && !WebHandler.handles(path);
    }

    private int picture(Request request, Response response, Callback callback, String requestId) {
        return served(request, response, callback, requestId, () -> {
            if (!rateLimit.test("ip:" + Request.getRemoteAddr(request))) {
                throw new ConnectError(Code.RESOURCE_EXHAUSTED, "too many requests; slow down and retry later");
            }
            return pictures.handle(request, response, callback);
        });
    }

    /** What a plain GET handler answers, or its failure as a Connect error body. */
    private interface Served {
        int answer() throws Exception;
    }

    private int served(Request request, Response response, Callback callback, String requestId, Served handler) {
        try {
            return handler.answer();
        } catch (Throwable t) {
            ConnectError error = Errors.known(t);
            if (error == null) {
                error = Errors.hidden(t, requestId);
                LOG.warn("request {} for {} failed: {}", requestId, request.getHttpURI().getPath(), t.toString());
                LOG.debug("request {} failed", requestId, t);
            }
            response.getHeaders().remove(HttpHeader.CACHE_CONTROL);
            response.getHeaders().remove(HttpHeader.ETAG);
            ConnectHandler.writeError(response, callback, error);
            return error.httpStatus();
        }
    }

    private static int empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.write(true, null, callback);
        return status;
    }

    private static int text(Response response, Callback callback, int status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return status;
    }
}
