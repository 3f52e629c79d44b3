package dev.tanken.cli.commands;

import dev.tanken.InvalidInputException;
import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.cli.internal.ExitCodes;
import dev.tanken.model.GeoPoint;
import dev.tanken.server.AuthOptions;
import dev.tanken.server.ServerOptions;
import dev.tanken.server.TankenServer;
import dev.tanken.server.WebOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code tanken serve}: the API over HTTP until SIGTERM or Ctrl-C. */
@Command(name = "serve",
        sortOptions = false,
        header = "Serve the Tanken API over HTTP (Connect protocol), pictures, health and metrics.",
        description = {
            "Answers the tanken.v1 services (PostsService, UserService, ExploreService, ActivityService) as "
                + "Connect unary calls in JSON or binary protobuf, over HTTP/1.1 and HTTP/2 (h2c with prior "
                + "knowledge, or TLS with a key store). Also GET /pictures/POST/thumb|large|original, /healthz, "
                + "/readyz and /metrics (Prometheus).",
            "",
            "A web page at / shows a map of what was posted around you, the posts with their photos, likes "
                + "and comments, and takes uploads; it uses the same API. Its map tiles come from --tiles "
                + "(OpenStreetMap's by default); with --tiles none, or when tiles fail to load, it draws the "
                + "Natural Earth basemap Tanken bundles.",
            "",
            "--auth dev trusts the X-Tanken-User header and so listens on loopback only; --auth oidc checks "
                + "ID tokens (Authorization: Bearer) from --issuer for --client-id. Anonymous callers may read.",
            "",
            "SIGTERM or Ctrl-C stops accepting connections, lets calls in flight finish, applies pending "
                + "write-back writes and exits 0.",
            "",
            "Example:  tanken serve   then   curl -H 'Content-Type: application/json' -d '{}' "
                + "localhost:8080/tanken.v1.PostsService/GetNewPostId",
        })
final class ServeCommand extends TankenSubcommand {
    private static final String SERVER_LOG_LEVEL = "org.slf4j.simpleLogger.log.dev.tanken.server";

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on, 0 for any free one (env TANKEN_PORT; default 8080).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (env TANKEN_BIND; default 127.0.0.1 with --auth dev, 0.0.0.0 "
                    + "with oidc).")
    String bind;

    @Option(names = "--auth", paramLabel = "MODE",
            description = "dev or oidc (env TANKEN_AUTH; default dev).")
    String auth;

    @Option(names = "--issuer", paramLabel = "URL",
            description = "OIDC issuer, e.g. https://accounts.google.com (env TANKEN_OIDC_ISSUER).")
    String issuer;

    @Option(names = "--client-id", paramLabel = "ID",
            description = "OIDC client id the tokens must be issued for (env TANKEN_OIDC_CLIENT_ID).")
    String clientId;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "PKCS#12 key store with the certificate and key: serve HTTPS (env TANKEN_TLS_KEYSTORE).")
    Path keyStore;

    @Option(names = "--tls-password", paramLabel = "PASSWORD", description = "The key store's password "
            + "(env TANKEN_TLS_PASSWORD, which keeps it out of the process list).")
    String keyStorePassword;

    @Option(names = "--rate-limit", paramLabel = "N",
            description = "Calls a second each caller may make on average, 0 for no limit (env TANKEN_RATE_LIMIT; "
                    + "default 50, bursts of twice that). With --cache the limit is kept in Redis, shared by every "
                    + "instance.")
    Double rateLimit;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES",
            description = "Largest request message (env TANKEN_MAX_MESSAGE_BYTES; default: room for the largest "
                    + "photo the ingest limits accept).")
    Integer maxMessageBytes;

    @Option(names = "--tiles", paramLabel = "URL|none",
            description = "Map tiles for the web page: an XYZ URL template with {z}, {x} and {y}, or none for the "
                    + "bundled basemap only (env TANKEN_TILES; default " + WebOptions.OSM_TILES + ").")
    String tiles;

    @Option(names = "--tiles-attribution", paramLabel = "HTML",
            description = "The credit the tiles' licence asks for, shown on the map (env TANKEN_TILES_ATTRIBUTION; "
                    + "OpenStreetMap's own by default).")
    String tilesAttribution;

    @Option(names = "--map-center", paramLabel = "LAT,LON",
            description = "Where the web page's map opens when the browser gives no location (env TANKEN_MAP_CENTER; "
                    + "default Tokyo Station, 35.6812,139.7671).")
    String mapCenter;

    @Option(names = "--maintain-every", paramLabel = "HOURS", defaultValue = "6",
            description = "Run the activity log's maintenance (partitions ahead, retention, archives as each app's "
                    + "setting says) a minute after start and then every HOURS hours; 0: never (default ${DEFAULT-VALUE}).")
    int maintainEveryHours;

    @Override
    public Integer call() throws Exception {
        // The CLI logs warnings only; a server's access log and start-up line are its INFO. Set before
        // the first logger exists, which is when slf4j-simple reads its configuration.
        if (System.getProperty(SERVER_LOG_LEVEL) == null) {
            System.setProperty(SERVER_LOG_LEVEL, "info");
        }
        ServerOptions options = options(environment().env());
        TankenConfig config = config();
        CountDownLatch stop = new CountDownLatch(1);
        if (maintainEveryHours < 0 || maintainEveryHours > 24 * 366) {
            throw new dev.tanken.InvalidInputException("--maintain-every must be 0 to 8784 hours, got "
                    + maintainEveryHours);
        }
        // The sealer stops after the server, and seals what its last calls wrote.
        try (Tanken tanken = openTanken();
                dev.tanken.activity.ChainSealer sealer = dev.tanken.activity.ChainSealer.start(tanken.activity().chain(),
                        java.time.Duration.ofSeconds(1));
                TankenServer server = TankenServer.start(tanken, options);
                ActivityMaintainer maintainer = new ActivityMaintainer(tanken, maintainEveryHours)) {
            out().println("serving on " + server.uri() + (options.auth().mode() == AuthOptions.Mode.DEV
                    ? " (dev sign-in: the X-Tanken-User header names the caller; loopback only)" : "")
                    + "; database " + config.databaseUrl().replaceAll("//[^@/]*@", "//***@"));
            out().flush();
            for (String signal : new String[] {"TERM", "INT"}) {
                Signal.handle(new Signal(signal), s -> stop.countDown());
            }
            stop.await();
            err().println("stopping: finishing calls in flight");
            err().flush();
        }
        return ExitCodes.OK;
    }

    /**
     * The maintenance run on a daemon thread of its own. A run is cheap when there is nothing to do
     * (a few catalog and index lookups); a failed run is reported and the next one tries again.
     */
    private final class ActivityMaintainer implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer;

        ActivityMaintainer(Tanken tanken, int everyHours) {
            if (everyHours == 0) {
                timer = null;
                return;
            }
            timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "activity-maintenance");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(() -> {
                try {
                    dev.tanken.activity.MaintenanceReport r = tanken.activity().maintenance()
                            .maintain(dev.tanken.activity.MaintenanceOptions.of(tanken.blobs(), false));
                    if (r.entriesRemoved() > 0 || !r.partitionsCreated().isEmpty()) {
                        err().println("activity maintenance: " + r.entriesRemoved() + " expired entries removed, "
                                + r.archived().size() + " archives written, " + r.partitionsCreated().size()
                                + " partitions created");
                        err().flush();
                    }
                } catch (RuntimeException e) {
                    err().println("activity maintenance failed (next try in " + everyHours + " h): " + e.getMessage());
                    err().flush();
                }
            }, 60, everyHours * 3600L, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            if (timer != null) {
                timer.shutdownNow();
                timer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    ServerOptions options(Map<String, String> env) {
        AuthOptions.Mode mode = AuthOptions.Mode.parse(pick(auth, env.get("TANKEN_AUTH"), "dev"));
        AuthOptions authOptions = mode == AuthOptions.Mode.DEV ? AuthOptions.dev()
                : AuthOptions.oidc(pick(issuer, env.get("TANKEN_OIDC_ISSUER"), null),
                        pick(clientId, env.get("TANKEN_OIDC_CLIENT_ID"), null));
        ServerOptions o = ServerOptions.defaults()
                .withMaxMessageBytes(ServerOptions.defaultMaxMessageBytes(config().limits()))
                .withAuth(authOptions)
                .withBind(pick(bind, env.get("TANKEN_BIND"), mode == AuthOptions.Mode.DEV ? "127.0.0.1" : "0.0.0.0"))
                .withPort(port != null ? port : number(env.get("TANKEN_PORT"), "TANKEN_PORT", ServerOptions.DEFAULT_PORT));
        double rate = rateLimit != null ? rateLimit : number(env.get("TANKEN_RATE_LIMIT"), "TANKEN_RATE_LIMIT", 50);
        o = o.withRateLimit(rate, (int) Math.max(1, Math.ceil(rate * 2)))
                .withSharedRateLimit(config().cacheUrl());
        Integer maxBytes = maxMessageBytes != null ? maxMessageBytes
                : env.get("TANKEN_MAX_MESSAGE_BYTES") == null ? null
                : number(env.get("TANKEN_MAX_MESSAGE_BYTES"), "TANKEN_MAX_MESSAGE_BYTES", 0);
        if (maxBytes != null) {
            o = o.withMaxMessageBytes(maxBytes);
        }
        String center = pick(mapCenter, env.get("TANKEN_MAP_CENTER"), null);
        o = o.withWeb(WebOptions.parseTiles(pick(tiles, env.get("TANKEN_TILES"), WebOptions.OSM_TILES),
                pick(tilesAttribution, env.get("TANKEN_TILES_ATTRIBUTION"), null),
                center == null ? WebOptions.DEFAULT_CENTER : point(center)));
        String store = keyStore != null ? keyStore.toString() : env.get("TANKEN_TLS_KEYSTORE");
        if (store != null && !store.isBlank()) {
            o = o.withTls(new ServerOptions.Tls(Path.of(store), pick(keyStorePassword, env.get("TANKEN_TLS_PASSWORD"),
                    "")));
        }
        return o;
    }

    private static String pick(String flag, String env, String fallback) {
        if (flag != null) {
            return flag;
        }
        return env != null && !env.isBlank() ? env.strip() : fallback;
    }

    private static GeoPoint point(String text) {
        String[] parts = text.split(",", -1);
        try {
            if (parts.length == 2) {
                return GeoPoint.of(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // Answered below, with the form expected.
        }
        throw new InvalidInputException("--map-center must be LAT,LON in degrees, e.g. 35.6812,139.7671; got '"
                + text + "'");
    }

    private static int number(String text, String name, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be a whole number, got '" + text + "'");
        }
    }
}
