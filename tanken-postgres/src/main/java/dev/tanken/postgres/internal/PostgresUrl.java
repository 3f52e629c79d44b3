package dev.tanken.postgres.internal;

import dev.tanken.spi.internal.UrlRedaction;
import dev.tanken.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A parsed Tanken PostgreSQL location: {@code postgresql://[user[:password]@]host[:port]/database
 * [?schema=NAME&maxPoolSize=N]} (also {@code postgres://}), or a plain {@code jdbc:postgresql:} URL
 * that may carry the same two Tanken parameters.
 *
 * @param jdbcUrl the URL for the driver, without Tanken's parameters and without the credentials
 *     of the {@code postgresql://} form
 * @param user null when the URL names none (the driver then uses its defaults)
 * @param password null when the URL names none
 * @param schema the schema that holds Tanken's tables
 * @param maxPoolSize the connection pool's upper bound
 */
public record PostgresUrl(String jdbcUrl, String user, String password, String schema, int maxPoolSize) {
    public static final String DEFAULT_SCHEMA = "public";
    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    public static final int MAX_POOL_SIZE_LIMIT = 200;

    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    private static final List<String> URI_PREFIXES = List.of("postgresql://", "postgres://");
    private static final String SCHEMA = "schema";
    private static final String MAX_POOL_SIZE = "maxPoolSize";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final String FORMAT =
            "postgresql://[user[:password]@]host[:port]/database[?schema=NAME&maxPoolSize=N] or jdbc:postgresql://...";

    public static PostgresUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("PostgreSQL URL must not be empty; expected " + FORMAT);
        }
        String trimmed = url.strip();
        if (trimmed.startsWith(JDBC_PREFIX)) {
            return parseJdbc(trimmed);
        }
        for (String prefix : URI_PREFIXES) {
            if (trimmed.startsWith(prefix)) {
                return parseUri(trimmed.substring(prefix.length()));
            }
        }
        throw new InvalidInputException("not a PostgreSQL URL (expected " + FORMAT + "): '" + redact(trimmed) + "'");
    }

    /** The URL's user and password as JDBC connection properties, for a plain {@code DriverManager} connection. */
    public Properties connectionProperties() {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }

    /**
     * Checks a schema name. Names are quoted wherever they are used, so case is kept; the rules are
     * those of an unquoted PostgreSQL identifier so that the name also works when typed into psql.
     */
    public static String requireSchemaName(String schema) {
        if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
            throw new InvalidInputException("schema name must be 1 to 63 letters, digits or '_', not starting"
                    + " with a digit, got '" + schema + "'");
        }
        if (schema.toLowerCase(java.util.Locale.ROOT).startsWith("pg_")) {
            throw new InvalidInputException("schema names starting with 'pg_' are reserved by PostgreSQL, got '"
                    + schema + "'");
        }
        return schema;
    }

    /** The schema as a quoted SQL identifier. */
    public static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static PostgresUrl parseUri(String rest) {
        int queryStart = rest.indexOf('?');
        String query = queryStart < 0 ? null : rest.substring(queryStart + 1);
        String beforeQuery = queryStart < 0 ? rest : rest.substring(0, queryStart);
        int slash = beforeQuery.indexOf('/');
        if (slash < 0) {
            throw new InvalidInputException("PostgreSQL URL has no database name (expected " + FORMAT + ")");
        }
        String authority = beforeQuery.substring(0, slash);
        String path = beforeQuery.substring(slash + 1);

        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        String hostPort = authority;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            hostPort = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
            if (user.isEmpty()) {
                throw new InvalidInputException("PostgreSQL URL has an empty user name before '@'");
            }
        }

        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new InvalidInputException("PostgreSQL URL has an unclosed '[' in the IPv6 host '" + hostPort + "'");
            }
            host = hostPort.substring(0, close + 1);
            String inner = hostPort.substring(1, close);
            if (inner.isEmpty() || !IPV6.matcher(inner).matches()) {
                throw new InvalidInputException("PostgreSQL URL has an invalid IPv6 host '" + host + "'");
            }
            String afterHost = hostPort.substring(close + 1);
            if (!afterHost.isEmpty()) {
                if (!afterHost.startsWith(":")) {
                    throw new InvalidInputException("PostgreSQL URL has unexpected text after the host: '" + afterHost + "'");
                }
                portText = afterHost.substring(1);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
            if (host.isEmpty()) {
                throw new InvalidInputException("PostgreSQL URL has no host name (expected " + FORMAT + ")");
            }
            if (!HOST_NAME.matcher(host).matches()) {
                throw new InvalidInputException("PostgreSQL URL has an invalid host name '" + host
                        + "' (one host of letters, digits, '.', '-' or an [IPv6] address)");
            }
        }
        int port = portText == null ? 5432 : parsePort(portText);

        String database = decode(path, "database name");
        if (database.isEmpty()) {
            throw new InvalidInputException("PostgreSQL URL has no database name after the host (expected " + FORMAT + ")");
        }
        if (path.contains("/")) {
            throw new InvalidInputException("PostgreSQL URL database name must not contain '/', got '" + path + "'");
        }

        Map<String, String> params = parseQuery(query);
        String schema = takeSchema(params);
        int maxPoolSize = takeMaxPoolSize(params);
        if (!params.isEmpty()) {
            throw new InvalidInputException("PostgreSQL URL has unknown parameter(s) " + params.keySet()
                    + "; supported: " + SCHEMA + ", " + MAX_POOL_SIZE
                    + " (use a jdbc:postgresql: URL to pass driver settings)");
        }
        String jdbcUrl = "jdbc:postgresql://" + host + ":" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8);
        return new PostgresUrl(jdbcUrl, user, password, schema, maxPoolSize);
    }

    private static PostgresUrl parseJdbc(String url) {
        int queryStart = url.indexOf('?');
        String base = queryStart < 0 ? url : url.substring(0, queryStart);
        String query = queryStart < 0 ? null : url.substring(queryStart + 1);
        Map<String, String> params = parseQuery(query);
        String schema = takeSchema(params);
        int maxPoolSize = takeMaxPoolSize(params);
        if (params.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("currentSchema"))) {
            throw new InvalidInputException("use the parameter '" + SCHEMA + "=NAME' instead of 'currentSchema' in a"
                    + " Tanken PostgreSQL URL: Tanken sets the search path itself");
        }
        List<String> rest = new ArrayList<>();
        for (String part : query == null ? new String[0] : query.split("&")) {
            String key = decode(part.split("=", 2)[0], "parameter name");
            if (params.containsKey(key)) {
                rest.add(part);
            }
        }
        String jdbcUrl = rest.isEmpty() ? base : base + "?" + String.join("&", rest);
        if (org.postgresql.Driver.parseURL(jdbcUrl, null) == null) {
            throw new InvalidInputException("malformed JDBC PostgreSQL URL '" + redact(url) + "'");
        }
        return new PostgresUrl(jdbcUrl, null, null, schema, maxPoolSize);
    }

    private static String takeSchema(Map<String, String> params) {
        String schema = params.remove(SCHEMA);
        return schema == null ? DEFAULT_SCHEMA : requireSchemaName(schema);
    }

    private static int takeMaxPoolSize(Map<String, String> params) {
        String text = params.remove(MAX_POOL_SIZE);
        if (text == null) {
            return DEFAULT_MAX_POOL_SIZE;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > MAX_POOL_SIZE_LIMIT) {
            throw new InvalidInputException(MAX_POOL_SIZE + " must be a whole number between 1 and "
                    + MAX_POOL_SIZE_LIMIT + ", got '" + text + "'");
        }
        return value;
    }

    private static int parsePort(String text) {
        int port;
        try {
            port = text.chars().allMatch(Character::isDigit) && text.length() <= 5 ? Integer.parseInt(text) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new InvalidInputException("PostgreSQL URL port must be a number between 1 and 65535, got '" + text + "'");
        }
        return port;
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String part : query.split("&", -1)) {
            if (part.isEmpty()) {
                throw new InvalidInputException("PostgreSQL URL has an empty parameter (stray '&')");
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("PostgreSQL URL parameter must look like name=value, got '"
                        + (part.regionMatches(true, 0, "password", 0, 8) ? "password..." : part) + "'");
            }
            String key = decode(part.substring(0, eq), "parameter name");
            String value = decode(part.substring(eq + 1), "parameter '" + key + "'");
            if (params.put(key, value) != null) {
                throw new InvalidInputException("PostgreSQL URL repeats the parameter '" + key + "'");
            }
        }
        return params;
    }

    /** Percent-decoding as in RFC 3986 userinfo and paths: unlike form decoding, '+' stays '+'. */
    private static String decode(String text, String what) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            int c = text.codePointAt(i);
            if (c == '%') {
                int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new InvalidInputException("PostgreSQL URL has a malformed %-escape in the " + what);
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] bytes = Character.toString(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(c) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The URL with any password blanked out, for messages. */
    static String redact(String url) {
        return UrlRedaction.redact(url);
    }

    /** Where this URL points, for messages: never includes the password. */
    public String describe() {
        String location = redact(jdbcUrl.substring("jdbc:".length()));
        if (user != null) {
            location = location.replaceFirst("//", "//" + java.util.regex.Matcher.quoteReplacement(user) + "@");
        }
        return location + " (schema " + schema + ")";
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + describe() + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
