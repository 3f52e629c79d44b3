package dev.tanken.server.testing;

import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.server.ServerOptions;
import dev.tanken.server.TankenServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A server on a free loopback port over a fresh embedded store (SQLite and files in a temp dir). */
public final class EmbeddedServer implements AutoCloseable {
    private final Path home;
    private final Tanken tanken;
    private final TankenServer server;

    private EmbeddedServer(Path home, Tanken tanken, TankenServer server) {
        this.home = home;
        this.tanken = tanken;
        this.server = server;
    }

    public static EmbeddedServer start(ServerOptions options) {
        return start(null, options);
    }

    /** @param config null for the embedded default in a new temp dir */
    public static EmbeddedServer start(TankenConfig config, ServerOptions options) {
        try {
            Path home = Files.createTempDirectory("tanken-server-test");
            Tanken tanken = Tanken.open(config == null ? TankenConfig.embedded(home) : config.withHome(home));
            try {
                return new EmbeddedServer(home, tanken, TankenServer.start(tanken, options.withPort(0)));
            } catch (RuntimeException e) {
                tanken.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Dev sign-in, no rate limit. */
    public static EmbeddedServer dev() {
        return start(ServerOptions.defaults().withRateLimit(0, 1));
    }

    public Tanken tanken() {
        return tanken;
    }

    public TankenServer server() {
        return server;
    }

    public URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            tanken.close();
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A temp dir left behind is harmless.
            }
        }
    }
}
