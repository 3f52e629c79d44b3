package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.ConflictException;
import dev.tanken.InvalidInputException;
import dev.tanken.Tanken;
import dev.tanken.TankenConfig;
import dev.tanken.UploadOptions;
import dev.tanken.UploadResult;
import dev.tanken.model.PostId;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library hook the server's idempotent upload stands on: {@code Tanken.upload(bytes, options, postId)}. */
class FacadeUploadWithIdTest {
    @TempDir
    Path home;

    @Test
    void thePostGetsTheChosenIdAndARetryFindsIt() {
        try (Tanken tanken = Tanken.open(TankenConfig.embedded(home))) {
            PostId id = PostId.newId();
            byte[] photo = TestPhotos.jpeg(35.0, 135.0, 1);
            UploadResult first = tanken.upload(photo, UploadOptions.by("aiko"), id);
            assertThat(first.status()).isEqualTo(UploadResult.Status.CREATED);
            assertThat(first.post().id()).isEqualTo(id);
            UploadResult retry = tanken.upload(photo, UploadOptions.by("aiko"), id);
            assertThat(retry.status()).isEqualTo(UploadResult.Status.DUPLICATE);
            assertThat(retry.post().id()).isEqualTo(id);
            assertThat(tanken.posts("aiko", 10, null).items()).hasSize(1);
            assertThat(tanken.activity(dev.tanken.activity.ActivityQuery.newestFirst(10).withAction("post.create"))
                    .items()).hasSize(1);
        }
    }

    @Test
    void anIdInUseByAnotherPostIsAConflictAndLeavesNothingBehind() {
        try (Tanken tanken = Tanken.open(TankenConfig.embedded(home))) {
            PostId id = PostId.newId();
            tanken.upload(TestPhotos.jpeg(35.0, 135.0, 2), UploadOptions.by("aiko"), id);
            long blobs = tanken.blobs().keys().count();
            assertThatThrownBy(() -> tanken.upload(TestPhotos.jpeg(35.0, 135.0, 3), UploadOptions.by("aiko"), id))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> tanken.upload(TestPhotos.jpeg(35.0, 135.0, 2), UploadOptions.by("ben"), id))
                    .isInstanceOf(ConflictException.class);
            assertThat(tanken.blobs().keys().count()).isEqualTo(blobs);
            assertThatThrownBy(() -> tanken.upload(TestPhotos.jpeg(35.0, 135.0, 4), UploadOptions.by("aiko"), null))
                    .isInstanceOf(InvalidInputException.class);
        }
    }
}
