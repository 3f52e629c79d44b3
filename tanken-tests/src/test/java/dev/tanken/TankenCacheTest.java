package dev.tanken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.activity.ActivityQuery;
import dev.tanken.activity.Actions;
import dev.tanken.cache.PostCacheService;
import dev.tanken.consistency.CachingDatabaseService;
import dev.tanken.consistency.WritePolicy;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.UserRef;
import dev.tanken.testing.RedisTestNamespace;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tanken wired with a cache from its configuration, on the embedded SQLite backend and the shared Redis. */
class TankenCacheTest {
    @TempDir
    Path home;

    private static Post post(UserRef author, String sha) {
        return Post.create(author, "", new PictureRef(sha, "image/jpeg", sha, 10, 10), GeoPoint.of(43.0621, 141.3544),
                null, List.of());
    }

    @Test
    void theConfiguredPolicyAppliesAndCallsOverrideIt() {
        TankenConfig config = TankenConfig.fromEnvironment(Map.of(TankenConfig.ENV_HOME, home.toString(),
                TankenConfig.ENV_CACHE_URL, RedisTestNamespace.url(), TankenConfig.ENV_WRITE_POLICY, "write-back"));
        assertThat(config.writePolicy()).isEqualTo(WritePolicy.WRITE_BACK);
        PostCacheService cache;
        try (Tanken tanken = Tanken.open(config)) {
            CachingDatabaseService tier = tanken.cache().orElseThrow();
            cache = tier.cache();
            UploadResult uploaded = tanken.upload(TestPhotos.jpeg(43.06, 141.35, 1), UploadOptions.by("aiko"));
            // Written back: readable at once through Tanken, in the database once flushed.
            assertThat(tanken.post(uploaded.post().id())).contains(uploaded.post());
            tanken.flush();
            assertThat(tier.database().findPost(uploaded.post().id())).contains(uploaded.post());

            UserRef aiko = tanken.user("aiko").ref();
            Post around = post(aiko, "a".repeat(64));
            tanken.setPost(around, true, false); // the seed's (needWriteBackNow, needCache): write-around
            assertThat(tier.database().findPost(around.id())).contains(around);
            Post back = post(aiko, "b".repeat(64));
            tanken.setPost(back, false, true);
            assertThat(tanken.post(back.id())).contains(back);
            assertThatThrownBy(() -> tanken.setPost(post(aiko, "c".repeat(64)), false, false))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(tanken.react("aiko", back.id(), ReactionKind.LIKE).queued()).isTrue(); // the configured policy: write-back
        }
        // Closing drained the queue.
        try (Tanken tanken = Tanken.open(TankenConfig.embedded(home))) {
            assertThat(tanken.database().findPost(
                    tanken.database().postsByUser(tanken.user("aiko").id(), 10, null).items().get(0).id())
                    .orElseThrow().likes()).isEqualTo(1);
            assertThat(tanken.cache()).isEmpty();
            // Each write-back write reached the activity log with its action, once.
            assertThat(tanken.activity(ActivityQuery.newestFirst(50).withAction(Actions.POST_LIKE)).items())
                    .singleElement().satisfies(e -> assertThat(e.subjectId()).isEqualTo(
                            tanken.database().postsByUser(tanken.user("aiko").id(), 10, null).items().get(0).id()
                                    .toString()));
            assertThat(tanken.activity(ActivityQuery.newestFirst(50).withAction(Actions.POST_CREATE)).items())
                    .hasSize(3);
            Post p = post(tanken.user("aiko").ref(), "d".repeat(64));
            assertThatThrownBy(() -> tanken.createPost(p, WritePolicy.WRITE_BACK))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs a cache");
            tanken.createPost(p, WritePolicy.WRITE_THROUGH);
            assertThat(tanken.post(p.id())).contains(p);
        }
        try (PostCacheService c = dev.tanken.cache.CacheServices.open(RedisTestNamespace.url()
                .replaceAll("prefix=.*", "prefix=" + cache.namespace()))) {
            c.deleteNamespace();
        }
    }

    @Test
    void aBadPolicyInTheEnvironmentIsNamed() {
        assertThatThrownBy(() -> TankenConfig.fromEnvironment(Map.of(TankenConfig.ENV_WRITE_POLICY, "write-sideways")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("write-sideways");
        assertThat(TankenConfig.fromEnvironment(Map.of()).cacheUrl()).isNull();
        assertThat(TankenConfig.embedded(home).withCacheUrl("redis://h:1").withHome(home.resolve("x")).cacheUrl())
                .isEqualTo("redis://h:1");
    }
}
