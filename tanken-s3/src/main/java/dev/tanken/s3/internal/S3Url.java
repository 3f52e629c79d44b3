package dev.tanken.s3.internal;

import dev.tanken.spi.internal.UrlRedaction;
import dev.tanken.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed {@code s3://bucket[/prefix][?endpoint=URL&region=R&pathStyle=true|false&accessKey=K&secretKey=S]}
 * blob store URL.
 *
 * <p>Parameter values are percent-decoded, but a {@code +} stays a plus sign: AWS secret keys contain
 * {@code +} and {@code /}, and turning {@code +} into a space (form decoding) would silently corrupt
 * them. {@link #toString()} never shows the secret key.
 *
 * @param bucket the bucket name (S3 naming rules: 3-63 of {@code a-z 0-9 . -})
 * @param prefix "" or a key prefix ending in {@code /}
 * @param endpoint an endpoint override for S3-compatible servers, or null for AWS
 * @param region the signing region, or null for the SDK's default region chain
 * @param pathStyle path-style requests ({@code endpoint/bucket/key}); default true with an endpoint
 *     (S3-compatible servers rarely have per-bucket DNS), false for AWS
 * @param accessKey static credentials, or null for the SDK's default credentials chain
 * @param secretKey given exactly when {@code accessKey} is
 */
public record S3Url(String bucket, String prefix, URI endpoint, String region, boolean pathStyle, String accessKey,
        String secretKey) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Set<String> PARAMETERS = Set.of("endpoint", "region", "pathStyle", "accessKey", "secretKey");

    public S3Url {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new InvalidInputException("S3 bucket name must be 3-63 lower-case letters, digits, dots or hyphens,"
                    + " starting and ending with a letter or digit, got '" + bucket + "'");
        }
        prefix = normalizePrefix(prefix);
        if ((accessKey == null) != (secretKey == null)) {
            throw new InvalidInputException("S3 URL must give both accessKey and secretKey, or neither"
                    + " (then the AWS default credentials chain is used)");
        }
    }

    public static S3Url parse(String url) {
        if (url == null || !url.startsWith("s3://")) {
            throw new InvalidInputException("S3 blob store URL must start with s3://, got '" + redact(url) + "'");
        }
        String rest = url.substring("s3://".length());
        int q = rest.indexOf('?');
        String location = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> params = q < 0 ? Map.of() : parameters(rest.substring(q + 1), url);
        int slash = location.indexOf('/');
        String bucket = slash < 0 ? location : location.substring(0, slash);
        String prefix = slash < 0 ? "" : decode(location.substring(slash + 1), url);
        if (bucket.isEmpty()) {
            throw new InvalidInputException("S3 blob store URL needs a bucket, e.g. s3://my-bucket/photos, got '"
                    + redact(url) + "'");
        }
        URI endpoint = params.containsKey("endpoint") ? endpoint(params.get("endpoint")) : null;
        String region = params.get("region");
        if (region != null && !region.matches("[a-z0-9-]+")) {
            throw new InvalidInputException("S3 region must look like us-east-1, got '" + region + "'");
        }
        if (region == null && endpoint != null) {
            // S3-compatible servers ignore the region, but SigV4 needs one to sign with.
            region = "us-east-1";
        }
        boolean pathStyle = endpoint != null;
        String pathStyleParam = params.get("pathStyle");
        if (pathStyleParam != null) {
            if (!pathStyleParam.equals("true") && !pathStyleParam.equals("false")) {
                throw new InvalidInputException("S3 URL parameter pathStyle must be true or false, got '"
                        + pathStyleParam + "'");
            }
            pathStyle = pathStyleParam.equals("true");
        }
        return new S3Url(bucket, prefix, endpoint, region, pathStyle, params.get("accessKey"), params.get("secretKey"));
    }

    private static Map<String, String> parameters(String query, String url) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), url);
            if (!PARAMETERS.contains(name)) {
                throw new InvalidInputException("unknown S3 URL parameter '" + name + "'; known: endpoint, region,"
                        + " pathStyle, accessKey, secretKey");
            }
            if (value.isEmpty()) {
                throw new InvalidInputException("S3 URL parameter '" + name + "' needs a value");
            }
            if (params.put(name, value) != null) {
                throw new InvalidInputException("S3 URL parameter '" + name + "' is given twice");
            }
        }
        return params;
    }

    private static URI endpoint(String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidInputException("S3 endpoint must be an http:// or https:// URL with a host, got '"
                        + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidInputException("S3 endpoint is not a valid URL: '" + value + "': " + e.getReason());
        }
    }

    private static String decode(String value, String url) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("S3 blob store URL has a malformed %-escape: '" + redact(url) + "'");
        }
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.contains("//")) {
            throw new InvalidInputException("S3 key prefix must not contain empty segments, got '" + prefix + "'");
        }
        return p.isEmpty() ? "" : p + "/";
    }

    /** The URL with the secret key (if any) replaced, safe for messages and logs. */
    public static String redact(String url) {
        return url == null ? null : UrlRedaction.redact(url);
    }

    /** s3://bucket/prefix with the endpoint, never the credentials. */
    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint);
    }
}
