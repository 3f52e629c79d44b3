package dev.tanken.server.internal.http;

import dev.tanken.internal.Authorization;
import dev.tanken.PictureStream;
import dev.tanken.Tanken;
import dev.tanken.model.PictureSize;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.server.internal.api.Viewers;
import dev.tanken.server.internal.auth.DevAuthenticator;
import dev.tanken.server.internal.connect.Authenticator;
import dev.tanken.server.internal.connect.Caller;
import dev.tanken.server.internal.connect.Code;
import dev.tanken.server.internal.connect.ConnectError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /pictures/{postId}/{thumb|large|original}}. A picture never changes (a new photo is a new
 * post), so its content hash is a strong ETag and caches may keep it for good. The copies carry no
 * metadata and are for everyone; the original keeps its GPS and goes to its author alone.
 */
final class PicturesHandler {
    static final String PREFIX = "/pictures/";
    private static final String FOREVER = "max-age=31536000, immutable";

    private final Tanken tanken;
    private final Authenticator authenticator;
    private final Viewers viewers;

    PicturesHandler(Tanken tanken, Authenticator authenticator, Viewers viewers) {
        this.tanken = tanken;
        this.authenticator = authenticator;
        this.viewers = viewers;
    }

    /** Answers and returns the HTTP status. */
    int handle(Request request, Response response, Callback callback) throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            throw new ConnectError(Code.UNIMPLEMENTED, 405, "pictures are read with GET");
        }
        String[] parts = request.getHttpURI().getPath().substring(PREFIX.length()).split("/", -1);
        if (parts.length != 2) {
            throw new ConnectError(Code.NOT_FOUND, "picture paths are /pictures/POST_ID/thumb|large|original");
        }
        PostId id = PostId.parse(parts[0]);
        PictureSize size = PictureSize.parse(parts[1]);
        Caller caller = authenticator.authenticate(request.getHeaders());
        UUID viewer = viewers.id(caller);
        Post post = tanken.post(id).orElseThrow(() -> new ConnectError(Code.NOT_FOUND, "post " + id
                + " does not exist"));
        String sha;
        if (size == PictureSize.ORIGINAL) {
            // The library's rule, checked before the ETag is computed so that a 304 never confirms an original.
            if (!Authorization.mayOpenOriginal(post, viewer)) {
                throw new ConnectError(Code.PERMISSION_DENIED, "the original picture is private to its author; "
                        + "ask for thumb or large");
            }
            sha = post.picture().sha256();
        } else {
            Optional<PictureVariant> v = post.variant(size);
            if (v.isEmpty()) {
                throw new ConnectError(Code.NOT_FOUND, "post " + id + " has no " + size.code() + " copy");
            }
            sha = v.get().sha256();
        }
        String etag = "\"" + sha + "\"";
        HttpFields.Mutable out = response.getHeaders();
        out.put(HttpHeader.ETAG, etag);
        out.put(HttpHeader.CACHE_CONTROL, (size == PictureSize.ORIGINAL ? "private, " : "public, ") + FOREVER);
        if (size == PictureSize.ORIGINAL) {
            // Given only to its author: a browser keeping it must not answer someone else signed in there.
            out.add(HttpHeader.VARY, "Authorization, " + DevAuthenticator.HEADER);
        }
        out.put(HttpHeader.ACCEPT_RANGES, "bytes");
        if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
            response.setStatus(304);
            response.write(true, null, callback);
            return 304;
        }
        byte[] bytes;
        String mediaType;
        try (PictureStream picture = tanken.openPicture(id, size, viewer).orElseThrow(() -> new ConnectError(
                Code.NOT_FOUND, "post " + id + " does not exist"))) {
            bytes = picture.stream().readAllBytes();
            mediaType = picture.mediaType();
        }
        out.put(HttpHeader.CONTENT_TYPE, mediaType);
        out.put("X-Content-Type-Options", "nosniff");
        int status = 200;
        int offset = 0;
        int length = bytes.length;
        String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
        if (ifRange == null || ifRange.equals(etag)) {
            Optional<PictureRanges> range = PictureRanges.parse(request.getHeaders().get(HttpHeader.RANGE),
                    bytes.length);
            if (range.isPresent()) {
                PictureRanges r = range.get();
                if (!r.satisfiable()) {
                    out.put(HttpHeader.CONTENT_RANGE, "bytes */" + bytes.length);
                    throw new ConnectError(Code.OUT_OF_RANGE, 416, "the range is outside the picture's "
                            + bytes.length + " bytes");
                }
                status = 206;
                offset = (int) r.first();
                length = (int) r.size();
                out.put(HttpHeader.CONTENT_RANGE, "bytes " + r.first() + "-" + r.last() + "/" + bytes.length);
            }
        }
        response.setStatus(status);
        out.put(HttpHeader.CONTENT_LENGTH, length);
        response.write(true, method.equals("HEAD") ? null : ByteBuffer.wrap(bytes, offset, length), callback);
        return status;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag) || c.equals("*")) {
                return true;
            }
        }
        return false;
    }
}
