package dev.tanken.server.internal.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tanken.InvalidInputException;
import dev.tanken.server.AuthOptions;
import dev.tanken.server.WebOptions;
import dev.tanken.server.internal.connect.Code;
import dev.tanken.server.internal.connect.ConnectError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The web page: {@code /} (the page, with the server's settings for it written in), its files under
 * {@code /assets/} (built by {@code tanken-server/src/main/web} and committed as resources), and
 * {@code /basemap.geojson}, the map drawn from bundled data when there are no tiles. The page talks
 * to the server only through the public Connect API and {@code /pictures/}.
 */
public final class WebHandler {
    public static final String ASSETS = "/assets/";
    public static final String BASEMAP = "/basemap.geojson";
    private static final String RESOURCES = "/dev/tanken/server/web/";
    private static final Pattern ASSET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,80}(/[a-z0-9][a-z0-9._-]{0,80})?");
    private static final String CONFIG_SLOT = "<script id=\"tanken-config\" type=\"application/json\">{}</script>";
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8");

    /** A file ready to send: its bytes, gzipped bytes and strong ETag. */
    private record Asset(String type, byte[] bytes, byte[] gzipped, String etag) {
        static Asset of(String type, byte[] bytes) {
            return new Asset(type, bytes, gzip(bytes), "\"" + sha256(bytes).substring(0, 32) + "\"");
        }
    }

    private final Asset page;
    private final String contentSecurityPolicy;
    private final Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();

    public WebHandler(WebOptions web, AuthOptions auth) {
        byte[] template = resource("index.html")
                .orElseThrow(() -> new IllegalStateException("the web page " + RESOURCES + "index.html is missing "
                        + "from the classpath; build it with tanken-server/src/main/web/build.sh"));
        String html = new String(template, StandardCharsets.UTF_8);
        if (!html.contains(CONFIG_SLOT)) {
            throw new IllegalStateException("the web page has no slot for its settings: " + CONFIG_SLOT);
        }
        html = html.replace(CONFIG_SLOT, "<script id=\"tanken-config\" type=\"application/json\">"
                + config(web, auth).replace("<", "\\u003c") + "</script>");
        this.page = Asset.of(TYPES.get("html"), html.getBytes(StandardCharsets.UTF_8));
        String tiles = web.tilesOrigin() == null ? "" : " " + web.tilesOrigin();
        boolean google = auth.mode() == AuthOptions.Mode.OIDC;
        String gsi = " https://accounts.google.com/gsi/";
        this.contentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:" + tiles
                + "; script-src 'self'" + (google ? gsi + "client" : "")
                + "; style-src 'self' 'unsafe-inline'" + (google ? gsi + "style" : "")
                + "; connect-src 'self'" + (google ? gsi : "")
                + "; frame-src " + (google ? gsi.strip() : "'none'")
                + "; object-src 'none'; base-uri 'none'";
    }

    public static boolean handles(String path) {
        return path.equals("/") || path.equals("/index.html") || path.startsWith(ASSETS) || path.equals(BASEMAP);
    }

    /** Answers and returns the HTTP status. */
    public int handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            throw new ConnectError(Code.UNIMPLEMENTED, 405, "the web page is read with GET");
        }
        String path = request.getHttpURI().getPath();
        HttpFields.Mutable out = response.getHeaders();
        out.put("X-Content-Type-Options", "nosniff");
        if (path.equals(BASEMAP)) {
            Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            BasemapGeoJson.Box box = BasemapGeoJson.Box.parse(query.getValue("bbox"));
            int zoom = zoom(query.getValue("zoom"));
            byte[] json = BasemapGeoJson.bundled().render(box, zoom).getBytes(StandardCharsets.UTF_8);
            out.put(HttpHeader.CACHE_CONTROL, "public, max-age=86400");
            return send(request, response, callback, Asset.of("application/geo+json", json));
        }
        if (path.equals("/") || path.equals("/index.html")) {
            out.put(HttpHeader.CACHE_CONTROL, "no-cache");
            out.put("Content-Security-Policy", contentSecurityPolicy);
            out.put("Referrer-Policy", "same-origin");
            return send(request, response, callback, page);
        }
        String name = path.substring(ASSETS.length());
        Asset asset = ASSET_NAME.matcher(name).matches() && !name.contains("..")
                ? assets.computeIfAbsent(name, WebHandler::load).orElse(null) : null;
        if (asset == null) {
            throw new ConnectError(Code.NOT_FOUND, "no such file: " + clip(path));
        }
        out.put(HttpHeader.CACHE_CONTROL, "no-cache");
        return send(request, response, callback, asset);
    }

    private static int send(Request request, Response response, Callback callback, Asset asset) {
        HttpFields.Mutable out = response.getHeaders();
        out.put(HttpHeader.CONTENT_TYPE, asset.type());
        out.put(HttpHeader.ETAG, asset.etag());
        out.put(HttpHeader.VARY, "Accept-Encoding");
        String match = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (match != null && (match.contains(asset.etag()) || match.strip().equals("*"))) {
            response.setStatus(304);
            response.write(true, null, callback);
            return 304;
        }
        boolean gzip = acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING))
                && asset.gzipped().length < asset.bytes().length;
        byte[] body = gzip ? asset.gzipped() : asset.bytes();
        if (gzip) {
            out.put(HttpHeader.CONTENT_ENCODING, "gzip");
        }
        out.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.setStatus(200);
        response.write(true, request.getMethod().equals("HEAD") ? null : ByteBuffer.wrap(body), callback);
        return 200;
    }

    private static int zoom(String text) {
        if (text == null) {
            throw new InvalidInputException("zoom is required: a whole number from 0 to " + BasemapGeoJson.MAX_ZOOM);
        }
        try {
            int zoom = Integer.parseInt(text.strip());
            BasemapGeoJson.degreesPerPixel(zoom);
            return zoom;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("zoom must be a whole number from 0 to " + BasemapGeoJson.MAX_ZOOM
                    + ", got '" + clip(text) + "'");
        }
    }

    private static String config(WebOptions web, AuthOptions auth) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode();
        config.put("tiles", web.tilesUrl());
        config.put("attribution", web.tilesAttribution());
        config.putObject("center").put("latitude", web.center().latitude()).put("longitude", web.center().longitude());
        config.put("auth", auth.mode().name().toLowerCase(java.util.Locale.ROOT));
        if (auth.mode() == AuthOptions.Mode.OIDC) {
            config.put("issuer", auth.issuer());
            config.put("clientId", auth.clientId());
        }
        return config.toString();
    }

    private static Optional<Asset> load(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        if (type == null) {
            return Optional.empty();
        }
        return resource("assets/" + name).map(bytes -> Asset.of(type, bytes));
    }

    private static Optional<byte[]> resource(String name) {
        try (InputStream in = WebHandler.class.getResourceAsStream(RESOURCES + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCES + name, e);
        }
    }

    private static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String p = part.strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
            if ((p.equals("gzip") || p.startsWith("gzip;")) && !p.matches("gzip;q=0(\\.0*)?")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(buffer)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
