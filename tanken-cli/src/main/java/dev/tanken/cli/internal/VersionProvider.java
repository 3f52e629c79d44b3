package dev.tanken.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code tanken --version}: the Maven project version, the commit and the build time, filtered into
 * a resource at build time (the commit by git-commit-id-maven-plugin; "unknown" when built outside
 * a git checkout).
 */
public final class VersionProvider implements IVersionProvider {
    static final String RESOURCE = "/dev/tanken/cli/version.properties";

    @Override
    public String[] getVersion() {
        Properties p = properties();
        return new String[] {
            "tanken " + value(p, "version") + " (commit " + value(p, "commit") + ", built " + value(p, "built") + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }

    public static String version() {
        return value(properties(), "version");
    }

    private static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // An unreadable resource reads as unknown values.
        }
        return p;
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "unknown");
        // An unfiltered resource (e.g. run from an IDE without Maven) still has the placeholder.
        return v.isBlank() || v.startsWith("${") ? "unknown" : v;
    }
}
