package dev.tanken.server.internal.connect;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * A unary call made with GET, which the protocol allows for methods without side effects (so that
 * browsers and CDNs may cache them): the message travels in the query, {@code
 * ?connect=v1&encoding=json|proto&message=...[&base64=1][&compression=gzip]}.
 *
 * @param bytes the message as sent, still compressed when {@code gzip}
 */
record QueryMessage(Codec codec, byte[] bytes, boolean gzip) {

    static QueryMessage parse(Request request, int maxBytes) {
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        String connect = query.getValue("connect");
        if (connect != null && !connect.equals("v1")) {
            throw ConnectError.invalidArgument("unsupported connect=" + Errors.clip(connect) + "; this server speaks v1");
        }
        String encoding = query.getValue("encoding");
        Codec codec = "json".equals(encoding) ? Codec.JSON : "proto".equals(encoding) ? Codec.PROTO : null;
        if (codec == null) {
            throw ConnectError.invalidArgument("a GET call needs encoding=json or encoding=proto");
        }
        String message = query.getValue("message");
        if (message == null) {
            throw ConnectError.invalidArgument("a GET call needs the message parameter");
        }
        if (message.length() > maxBytes * 2L) {
            throw new ConnectError(Code.RESOURCE_EXHAUSTED, "the request message is larger than " + maxBytes + " bytes");
        }
        String compression = query.getValue("compression");
        boolean gzip = "gzip".equals(compression);
        if (compression != null && !gzip && !compression.equals("identity")) {
            throw new ConnectError(Code.UNIMPLEMENTED, "unsupported compression '" + Errors.clip(compression)
                    + "'; use gzip or identity");
        }
        byte[] bytes;
        if ("1".equals(query.getValue("base64"))) {
            try {
                // The protocol sends URL-safe base64, padded or not; decode both.
                bytes = Base64.getUrlDecoder().decode(message.replace('+', '-').replace('/', '_'));
            } catch (IllegalArgumentException e) {
                throw ConnectError.invalidArgument("the message parameter is not valid base64");
            }
        } else if (codec == Codec.PROTO || gzip) {
            throw ConnectError.invalidArgument("binary or compressed GET messages need base64=1");
        } else {
            bytes = message.getBytes(StandardCharsets.UTF_8);
        }
        return new QueryMessage(codec, bytes, gzip);
    }
}
