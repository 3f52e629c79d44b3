package dev.tanken.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Keeps sqlite-jdbc's native library in a cache directory between runs.
 *
 * <p>Left alone, sqlite-jdbc detects the platform (on some systems by running a process), then
 * copies its 1 MB native library out of the jar into a fresh temporary file on every start: tens
 * of milliseconds of a CLI command that should take a few hundred. Pointing {@code
 * org.sqlite.lib.path} at a copy made once skips all of that. Any failure here only means the
 * driver falls back to its own extraction.
 */
public final class SqliteNativeLibrary {
    /** Set by the launcher to a directory the CLI may write; no caching without it. */
    public static final String CACHE_DIR_PROPERTY = "tanken.native.dir";
    static final String LIB_PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String VERSION_RESOURCE = "/META-INF/maven/org.xerial/sqlite-jdbc/pom.properties";

    private SqliteNativeLibrary() {
    }

    /** Points sqlite-jdbc at the cached library when the launcher named a cache directory. */
    public static void useCache() {
        String cacheDir = System.getProperty(CACHE_DIR_PROPERTY);
        if (cacheDir == null || cacheDir.isBlank() || System.getProperty(LIB_PATH_PROPERTY) != null) {
            return;
        }
        try {
            Path dir = prepare(Path.of(cacheDir));
            if (dir != null) {
                System.setProperty(LIB_PATH_PROPERTY, dir.toString());
            }
        } catch (IOException | RuntimeException e) {
            // Not worth failing a command over: sqlite-jdbc extracts its library itself.
        }
    }

    /**
     * The directory under {@code cacheDir} that holds this sqlite-jdbc version's library for this
     * platform, extracting it first if needed; null if the driver's jar does not say its version.
     */
    static Path prepare(Path cacheDir) throws IOException {
        String version = driverVersion();
        if (version == null) {
            return null;
        }
        // Keyed by driver version and platform, so an upgraded driver never loads a stale library.
        String platform = (System.getProperty("os.name") + "-" + System.getProperty("os.arch"))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        Path dir = cacheDir.resolve("sqlite-jdbc-" + version + "-" + platform);
        String name = LibraryLoaderUtil.getNativeLibName();
        Path library = dir.resolve(name);
        if (Files.isRegularFile(library)) {
            return dir;
        }
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Files.createDirectories(dir);
            // Written under a private name and renamed, so a concurrent run never loads half a library.
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return dir;
    }

    private static String driverVersion() throws IOException {
        try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties pom = new Properties();
            pom.load(in);
            String version = pom.getProperty("version", "").strip();
            return version.matches("[0-9A-Za-z._-]{1,40}") ? version : null;
        }
    }
}
