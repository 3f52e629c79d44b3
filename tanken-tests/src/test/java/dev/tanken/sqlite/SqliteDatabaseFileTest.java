package dev.tanken.sqlite;

import dev.tanken.testing.ClasspathDirectory;
import static dev.tanken.sqlite.SqliteTestSupport.count;
import static dev.tanken.sqlite.SqliteTestSupport.execute;
import static dev.tanken.sqlite.SqliteTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import dev.tanken.sqlite.internal.SqliteSchema;
import dev.tanken.model.Post;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, re-opening and migrating database files. */
class SqliteDatabaseFileTest {
    @TempDir
    Path dir;

    @Test
    void createsParentDirectoriesAndTheSchema() throws Exception {
        Path file = dir.resolve("a/b/c/tanken.db");
        try (SqliteDatabaseService db = SqliteDatabaseService.open(file)) {
            assertThat(db.countPosts()).isZero();
        }
        assertThat(file).isRegularFile();
        assertThat(count(file, "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(migrations());
        assertThat(count(file, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'")).isEqualTo(1);
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsNamedInWords() throws Exception {
        Path inTheWay = Files.writeString(dir.resolve("photos"), "not a directory");
        assertThatThrownBy(() -> SqliteDatabaseService.open(inTheWay.resolve("tanken/tanken.db")))
                .isInstanceOf(StorageException.class)
                .hasMessageEndingWith("tanken.db: Not a directory")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void reopeningKeepsTheData() {
        Path file = dir.resolve("tanken.db");
        Post written;
        try (SqliteDatabaseService db = SqliteDatabaseService.open(file)) {
            UserRef aiko = db.createUser(User.create("aiko", null)).ref();
            written = post(db, aiko, 35.68, 139.76);
            db.like(written.id(), aiko.id());
        }
        try (SqliteDatabaseService db = SqliteDatabaseService.open(file)) {
            assertThat(db.findPost(written.id())).contains(written.withCounts(1, 0, 0));
            assertThat(db.nearby(written.location(), 10, 10, null).items()).hasSize(1);
        }
    }

    @Test
    void flywayIsLoadedOnlyWhenAMigrationIsDue() throws Exception {
        Path file = dir.resolve("tanken.db");
        String first = openInChildJvm(file);
        assertThat(first).contains("posts=0").contains("org.flywaydb.core.Flyway ");
        String second = openInChildJvm(file);
        assertThat(second).contains("posts=0").doesNotContain("org.flywaydb");
        assertThat(count(file, "SELECT count(*) FROM flyway_schema_history")).isEqualTo(migrations());
    }

    /** Runs {@link OpenAndCount} in a new JVM that logs every class it loads; returns its output. */
    private static String openInChildJvm(Path file) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), OpenAndCount.class.getName(), file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void manyOpenersOfANewFileMigrateItOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            Path file = dir.resolve("race-" + round + ".db");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Long>> opened = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    opened.add(pool.submit(() -> {
                        start.await();
                        try (SqliteDatabaseService db = SqliteDatabaseService.open(file)) {
                            return db.countPosts();
                        }
                    }));
                }
                start.countDown();
                for (Future<Long> f : opened) {
                    assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(count(file, "SELECT count(*) FROM flyway_schema_history")).isEqualTo(migrations());
        }
    }

    @Test
    void aForeignDatabaseIsRefusedAndLeftUntouched() throws Exception {
        Path file = dir.resolve("other.db");
        execute(file, "CREATE TABLE unrelated (x)");
        assertThatThrownBy(() -> SqliteDatabaseService.open(file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(file.toString());
        assertThat(count(file, "SELECT count(*) FROM sqlite_schema WHERE name <> 'unrelated'")).isZero();
    }

    @Test
    void aSchemaFromANewerTankenIsRefused() throws Exception {
        Path file = dir.resolve("tanken.db");
        SqliteDatabaseService.open(file).close();
        execute(file, """
                INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                    installed_by, execution_time, success)
                VALUES (1000, '1000', 'from the future', 'SQL', 'V1000__future.sql', 0, '', 0, 1)""");
        assertThatThrownBy(() -> SqliteDatabaseService.open(file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("newer");
    }

    @Test
    void aFileThatIsNotADatabaseIsAStorageErrorNamingTheFile() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "this is not a database, just some text that is long enough to have a header");
        assertThatThrownBy(() -> SqliteDatabaseService.open(file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void badPathsAreRejected() {
        assertThatThrownBy(() -> SqliteDatabaseService.open(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SqliteDatabaseService.open(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("directory");
    }

    @Test
    void closeIsIdempotentAndLaterCallsFailClearly() {
        SqliteDatabaseService db = SqliteDatabaseService.open(dir.resolve("tanken.db"));
        db.close();
        db.close();
        assertThatThrownBy(db::countPosts).isInstanceOf(StorageException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> db.createUser(User.create("aiko", null)))
                .isInstanceOf(StorageException.class).hasMessageContaining("closed");
    }

    @Test
    void latestVersionConstantMatchesTheNewestMigration() throws Exception {
        Pattern name = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");
        String newest = ClasspathDirectory.fileNames("db/migration/sqlite").stream()
                .map(name::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .max((a, b) -> Integer.compare(versionKey(a), versionKey(b)))
                .orElseThrow();
        assertThat(SqliteSchema.LATEST_VERSION).isEqualTo(newest);
    }

    /** How many migration scripts there are: a fresh database's history has one row each. */
    private static long migrations() throws Exception {
        return ClasspathDirectory.fileNames("db/migration/sqlite").stream()
                .filter(f -> f.matches("V\\d+__.+\\.sql")).count();
    }

    private static int versionKey(String version) {
        return Integer.parseInt(version.split("[._]")[0]);
    }

    @Test
    void rowsTheModelRejectsAreStorageFailuresNotInputErrors() throws Exception {
        Path file = dir.resolve("tanken.db");
        try (SqliteDatabaseService db = SqliteDatabaseService.open(file)) {
            UserRef aiko = db.createUser(User.create("aiko", null)).ref();
            Post p = post(db, aiko, 35.68, 139.76);
            // Written behind the service's back, as a broken tool might.
            execute(file, "UPDATE posts SET media_type = 'not a media type'");
            execute(file, "UPDATE users SET username = 'two words'");
            assertThatThrownBy(() -> db.findPost(p.id()))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("invalid post");
            assertThatThrownBy(() -> db.findUser(aiko.id()))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("invalid user");
        }
    }

    @Test
    void unicodeRoundTripsExactly() {
        try (SqliteDatabaseService db = SqliteDatabaseService.open(dir.resolve("tanken.db"))) {
            UserRef u = db.createUser(User.create("Ünal_東京", null)).ref();
            Post p = Post.create(u, "İstanbul'da çay ☕ 𝄞 e\u0301", SqliteTestSupport.randomPicture(),
                    dev.tanken.model.GeoPoint.of(41.0, 29.0), null, List.of("ÇAY", "İstanbul", "東京", "𠮷野家"));
            db.createPost(p);
            Post read = db.findPost(p.id()).orElseThrow();
            assertThat(read).isEqualTo(p);
            assertThat(read.caption()).isEqualTo(p.caption());
            assertThat(db.findUserByName("Ünal_東京")).map(User::username).contains("Ünal_東京");
            assertThat(db.findUserByName("ünal_東京")).isEmpty();
        }
    }
}
