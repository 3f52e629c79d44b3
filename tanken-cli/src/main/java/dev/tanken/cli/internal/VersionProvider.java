package dev.tanken.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code tanken --version}: the Maven project version, filtered into a resource at build time. */
public final class VersionProvider implements IVersionProvider {
    static final String RESOURCE = "/dev/tanken/cli/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "tanken " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }

    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            // An unfiltered resource (e.g. run from an IDE without Maven) still has the placeholder.
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
