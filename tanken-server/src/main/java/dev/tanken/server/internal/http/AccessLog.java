package dev.tanken.server.internal.http;

import static dev.tanken.server.internal.connect.ConnectHandler.jsonString;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One JSON line per request on the {@code dev.tanken.server.access} logger, at INFO. */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tanken.server.access");
    private static final int MAX_PATH_CHARS = 200;

    record Entry(String requestId, String remote, String protocol, String method, String path, int status,
            String rpc, String code, String caller, long nanos) {
    }

    void write(Entry e) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String path = e.path().length() > MAX_PATH_CHARS ? e.path().substring(0, MAX_PATH_CHARS) + "…" : e.path();
        StringBuilder b = new StringBuilder(256).append('{')
                .append("\"time\":\"").append(Instant.now()).append('"')
                .append(",\"requestId\":").append(jsonString(e.requestId()))
                .append(",\"remote\":").append(jsonString(e.remote()))
                .append(",\"protocol\":").append(jsonString(e.protocol()))
                .append(",\"method\":").append(jsonString(e.method()))
                .append(",\"path\":").append(jsonString(path))
                .append(",\"status\":").append(e.status());
        if (e.rpc() != null) {
            b.append(",\"rpc\":").append(jsonString(e.rpc()));
        }
        if (e.code() != null) {
            b.append(",\"code\":").append(jsonString(e.code()));
        }
        if (e.caller() != null) {
            b.append(",\"caller\":").append(jsonString(e.caller()));
        }
        long micros = e.nanos() / 1000;
        b.append(",\"ms\":").append(micros / 1000).append('.');
        String fraction = Long.toString(micros % 1000);
        b.append("000", 0, 3 - fraction.length()).append(fraction).append('}');
        LOG.info(b.toString());
    }
}
