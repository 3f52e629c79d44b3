package dev.tanken.sqlite;

import static dev.tanken.sqlite.SqliteTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.db.Changes;
import dev.tanken.ConflictException;
import dev.tanken.DuplicatePostException;
import dev.tanken.NotFoundException;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batched inserts: one transaction, all posts or none. */
class SqliteCreatePostsTest {
    @TempDir
    Path dir;
    Path file;
    SqliteDatabaseService db;
    UserRef aiko;

    @BeforeEach
    void open() {
        file = dir.resolve("tanken.db");
        db = SqliteDatabaseService.open(file);
        aiko = db.createUser(User.create("aiko", null)).ref();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Post newPost(UserRef author, PictureRef picture, double lat, List<String> tags) {
        return Post.create(author, "batch", picture, GeoPoint.of(lat, 139.7), null, tags);
    }

    @Test
    void aBatchIsInsertedWithTagsAndSpatialRows() throws Exception {
        List<Post> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            batch.add(newPost(aiko, SqliteTestSupport.randomPicture(), 35 + i * 1e-4, List.of("t" + i % 3, "東京")));
        }
        db.applyAll(Changes.creates(batch));
        assertThat(db.countPosts()).isEqualTo(250);
        assertThat(db.findPosts(batch.stream().map(Post::id).toList())).containsExactlyElementsOf(batch);
        assertThat(count(file, "SELECT count(*) FROM posts_geo")).isEqualTo(250);
        assertThat(count(file, "SELECT count(*) FROM post_tags")).isEqualTo(500);
    }

    @Test
    void aDuplicateOfAnExistingPostRejectsTheWholeBatch() throws Exception {
        PictureRef pic = SqliteTestSupport.randomPicture();
        Post first = newPost(aiko, pic, 35, List.of());
        db.createPost(first);
        List<Post> batch = List.of(newPost(aiko, SqliteTestSupport.randomPicture(), 35.1, List.of("a")),
                newPost(aiko, pic, 35.2, List.of()),
                newPost(aiko, SqliteTestSupport.randomPicture(), 35.3, List.of()));
        assertThatThrownBy(() -> db.applyAll(Changes.creates(batch)))
                .isInstanceOfSatisfying(DuplicatePostException.class,
                        e -> assertThat(e.existingPostId()).isEqualTo(first.id()));
        assertThat(db.countPosts()).isEqualTo(1);
        assertThat(count(file, "SELECT count(*) FROM post_tags")).isZero();
        assertThat(count(file, "SELECT count(*) FROM posts_geo")).isEqualTo(1);
    }

    @Test
    void theSamePictureTwiceInOneBatchIsAConflictNamingBoth() {
        PictureRef pic = SqliteTestSupport.randomPicture();
        Post a = newPost(aiko, pic, 35, List.of());
        Post b = newPost(aiko, pic, 35.1, List.of());
        assertThatThrownBy(() -> db.applyAll(Changes.creates(List.of(a, b))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(a.id().toString())
                .hasMessageContaining(b.id().toString());
        assertThat(db.countPosts()).isZero();
    }

    @Test
    void anUnknownAuthorRejectsTheWholeBatch() {
        UserRef ghost = new UserRef(UUID.randomUUID(), "ghost");
        List<Post> batch = List.of(newPost(aiko, SqliteTestSupport.randomPicture(), 35, List.of()),
                newPost(ghost, SqliteTestSupport.randomPicture(), 35.1, List.of()));
        assertThatThrownBy(() -> db.applyAll(Changes.creates(batch)))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(ghost.id().toString());
        assertThat(db.countPosts()).isZero();
    }

    @Test
    void anEmptyBatchDoesNothing() {
        db.applyAll(Changes.creates(List.of()));
        assertThat(db.countPosts()).isZero();
    }
}
