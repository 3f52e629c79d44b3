package dev.tanken.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {
    @TempDir
    Path cache;

    @Test
    void extractsTheDriversOwnLibraryOnceAndReusesIt() throws Exception {
        Path dir = SqliteNativeLibrary.prepare(cache);

        assertThat(dir).isNotNull().startsWith(cache);
        Path library = dir.resolve(LibraryLoaderUtil.getNativeLibName());
        byte[] expected;
        try (InputStream in = getClass().getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            expected = in.readAllBytes();
        }
        assertThat(Files.readAllBytes(library)).isEqualTo(expected);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(library);
        }

        long modified = Files.getLastModifiedTime(library).toMillis();
        Files.setLastModifiedTime(library, java.nio.file.attribute.FileTime.fromMillis(modified - 60_000));
        assertThat(SqliteNativeLibrary.prepare(cache)).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(library).toMillis()).isEqualTo(modified - 60_000);
    }
}
