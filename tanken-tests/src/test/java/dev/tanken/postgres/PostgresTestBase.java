package dev.tanken.postgres;

import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.User;
import dev.tanken.testing.PostgresTestDatabase;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh schema and an open service for every test. */
abstract class PostgresTestBase {
    private final AtomicInteger pictures = new AtomicInteger();
    protected PostgresTestDatabase db;
    protected PostgresDatabaseService service;

    @BeforeEach
    void openService() {
        db = PostgresTestDatabase.createMigrated();
        service = PostgresDatabaseService.open(db.url());
    }

    @AfterEach
    void closeService() {
        if (service != null) {
            service.close();
        }
        if (db != null) {
            db.drop();
        }
    }

    protected User user(String name) {
        return service.createUser(User.create(name, null));
    }

    protected Post post(User author, double lat, double lon) {
        int n = pictures.incrementAndGet();
        Post post = Post.create(author.ref(), "post " + n, picture(n), GeoPoint.of(lat, lon), null, List.of());
        service.createPost(post);
        return post;
    }

    protected static PictureRef picture(int n) {
        return new PictureRef("blob-" + n, "image/jpeg", String.format("%064x", n), 640, 480);
    }
}
