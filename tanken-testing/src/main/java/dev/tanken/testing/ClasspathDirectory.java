package dev.tanken.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The file names in a class-path directory, whether it lies in a directory (an IDE run) or in a
 * module's jar (a reactor build hands tests the packaged jar of another module).
 */
public final class ClasspathDirectory {
    private ClasspathDirectory() {
    }

    public static List<String> fileNames(String resource) {
        URL url = ClasspathDirectory.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("no class-path directory " + resource);
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return list(Path.of(uri));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return list(jar.getPath(resource));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString().replace("/", "")).sorted().toList();
        }
    }
}
