package dev.tanken.server;

import dev.tanken.InvalidInputException;
import dev.tanken.Tanken;
import dev.tanken.api.v1.Activity;
import dev.tanken.api.v1.Explore;
import dev.tanken.api.v1.Posts;
import dev.tanken.api.v1.Users;
import dev.tanken.server.internal.api.ActivityRpc;
import dev.tanken.server.internal.api.ExploreRpc;
import dev.tanken.server.internal.api.PostsRpc;
import dev.tanken.server.internal.api.UsersRpc;
import dev.tanken.server.internal.api.Viewers;
import dev.tanken.server.internal.auth.AppKeyAuthenticator;
import dev.tanken.server.internal.auth.DevAuthenticator;
import dev.tanken.server.internal.auth.IdTokenVerifier;
import dev.tanken.server.internal.auth.OidcAuthenticator;
import dev.tanken.server.internal.auth.OidcDiscovery;
import dev.tanken.server.internal.auth.OidcUsers;
import dev.tanken.server.internal.connect.Authenticator;
import dev.tanken.server.internal.connect.ConnectHandler;
import dev.tanken.server.internal.connect.RpcRegistry;
import dev.tanken.server.internal.http.ServerHandler;
import dev.tanken.server.internal.http.RedisTokenBuckets;
import dev.tanken.server.internal.http.ServerMetrics;
import dev.tanken.server.internal.http.TokenBuckets;
import dev.tanken.server.internal.web.WebHandler;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tanken over HTTP: the {@code tanken.v1} services as Connect unary calls (JSON and binary, over
 * HTTP/1.1 and HTTP/2), pictures at {@code /pictures/...}, {@code /healthz}, {@code /readyz},
 * {@code /metrics}, and a web page at {@code /} that uses the same API. Keeps no state of its own, so any number of instances can share one store.
 *
 * <pre>{@code
 * try (Tanken tanken = Tanken.open(); TankenServer server = TankenServer.start(tanken, ServerOptions.defaults())) {
 *     server.join();
 * }
 * }</pre>
 */
public final class TankenServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TankenServer.class);

    private final Tanken tanken;
    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;
    private final AutoCloseable rateLimit;

    private TankenServer(Tanken tanken, Server server, ServerConnector connector, boolean tls,
            AutoCloseable rateLimit) {
        this.tanken = tanken;
        this.server = server;
        this.connector = connector;
        this.tls = tls;
        this.rateLimit = rateLimit;
    }

    /**
     * Starts serving {@code tanken}, which the caller keeps owning (and closes after the server).
     *
     * @throws InvalidInputException for dev sign-in on an address other machines can reach
     * @throws IllegalStateException if the port is taken or the OIDC issuer cannot be read
     */
    public static TankenServer start(Tanken tanken, ServerOptions options) {
        Objects.requireNonNull(tanken, "tanken");
        Objects.requireNonNull(options, "options");
        if (options.auth().mode() == AuthOptions.Mode.DEV && !isLoopback(options.bind())) {
            throw new InvalidInputException("--auth dev trusts a header anyone can set, so it binds to loopback only, "
                    + "not " + options.bind() + "; use --auth oidc to serve other machines");
        }
        Authenticator authenticator = authenticator(tanken, options.auth());
        RedisTokenBuckets shared = options.ratePerSecond() > 0 && options.sharedRateLimitUrl() != null
                ? RedisTokenBuckets.open(options.sharedRateLimitUrl(), options.ratePerSecond(), options.rateBurst())
                : null;
        Predicate<String> rateLimit = shared != null ? shared : options.ratePerSecond() > 0
                ? new TokenBuckets(options.ratePerSecond(), options.rateBurst(), System::nanoTime)
                : key -> true;
        ConnectHandler connect = new ConnectHandler(registry(tanken), authenticator,
                new AppKeyAuthenticator(() -> tanken.activity().ingest()), rateLimit,
                new ConnectHandler.Limits(options.maxMessageBytes(), options.maxCallTime().toMillis()));
        ServerMetrics metrics = new ServerMetrics(tanken);
        WebHandler web = new WebHandler(options.web(), options.auth());

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("tanken-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(options.maxHeaderBytes());
        ServerConnector connector;
        if (options.tls() == null) {
            // One connector for both: HTTP/1.1, and HTTP/2 for clients that start with its preface
            // (prior knowledge, what a Connect client's httpVersion "2" on an http:// URL speaks).
            connector = new ServerConnector(server, new HttpConnectionFactory(http),
                    new HTTP2CServerConnectionFactory(http));
        } else {
            http.addCustomizer(new SecureRequestCustomizer());
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(options.tls().keyStore().toAbsolutePath().toString());
            ssl.setKeyStorePassword(options.tls().password());
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                    new HTTP2ServerConnectionFactory(http), new HttpConnectionFactory(http));
        }
        connector.setHost(options.bind());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(new ServerHandler(tanken, connect, authenticator, rateLimit, metrics, web)));
        server.setStopTimeout(options.stopTimeout().toMillis());
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            if (shared != null) {
                shared.close();
            }
            throw new IllegalStateException("cannot listen on " + options.bind() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        TankenServer started = new TankenServer(tanken, server, connector, options.tls() != null, shared);
        LOG.info("serving on {}; sign-in: {}", started.uri(), options.auth().mode() == AuthOptions.Mode.DEV
                ? "DEV MODE, the X-Tanken-User header names the caller unchecked (loopback only)"
                : "OIDC ID tokens from " + options.auth().issuer());
        return started;
    }

    /** Every method of the API's services, each with its code. */
    static RpcRegistry registry(Tanken tanken) {
        Viewers viewers = new Viewers(tanken);
        RpcRegistry registry = new RpcRegistry();
        new PostsRpc(tanken, viewers).register(registry);
        new UsersRpc(tanken).register(registry);
        new ExploreRpc(tanken, viewers).register(registry);
        new ActivityRpc(tanken).register(registry);
        registry.requireComplete(List.of(
                Posts.getDescriptor().findServiceByName("PostsService"),
                Users.getDescriptor().findServiceByName("UserService"),
                Explore.getDescriptor().findServiceByName("ExploreService"),
                Activity.getDescriptor().findServiceByName("ActivityService")));
        return registry;
    }

    private static Authenticator authenticator(Tanken tanken, AuthOptions auth) {
        if (auth.mode() == AuthOptions.Mode.DEV) {
            return new DevAuthenticator();
        }
        OidcDiscovery discovery = OidcDiscovery.fetch(auth.issuer());
        return new OidcAuthenticator(new IdTokenVerifier(discovery, auth.clientId(), auth.minKeyRefresh()),
                new OidcUsers(tanken));
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new InvalidInputException("cannot resolve the bind address '" + host + "'");
        }
    }

    /** The port listened on (the one chosen when the options said 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The server's base URL. */
    public URI uri() {
        String host = connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + port());
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops accepting connections, lets calls in flight finish (up to the stop timeout), then applies
     * pending write-back writes. Does not close the Tanken it serves.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the HTTP server did not stop cleanly: {}", e.toString());
        } finally {
            try {
                tanken.flush();
            } finally {
                if (rateLimit != null) {
                    try {
                        rateLimit.close();
                    } catch (Exception e) {
                        LOG.warn("closing the rate limit's Redis connection failed: {}", e.toString());
                    }
                }
            }
        }
    }
}
