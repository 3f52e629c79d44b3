package dev.tanken.server.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.tanken.api.v1.GetPostsByLocationResponse;
import dev.tanken.api.v1.Location;
import dev.tanken.api.v1.LocationPrecision;
import dev.tanken.api.v1.Post;
import dev.tanken.api.v1.UserRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of post lists means what protobuf's JSON mapping of the same message means. */
class PostsJsonTest {
    private static final ObjectMapper STRICT = new ObjectMapper();

    @Test
    void generatedPagesParseBackToTheSameMessage() throws Exception {
        Random random = new Random(13);
        for (int round = 0; round < 2_000; round++) {
            GetPostsByLocationResponse.Builder page = GetPostsByLocationResponse.newBuilder();
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                page.addPosts(post(random));
            }
            if (random.nextBoolean()) {
                page.setNextPageToken(text(random));
            }
            GetPostsByLocationResponse expected = page.build();
            String json = new String(PostsJson.page(expected.getPostsList(), expected.getNextPageToken()),
                    StandardCharsets.UTF_8);
            STRICT.readTree(json); // valid JSON, not only what a lenient parser forgives
            String reference = JsonFormat.printer().print(expected);
            GetPostsByLocationResponse.Builder parsed = GetPostsByLocationResponse.newBuilder();
            JsonFormat.parser().merge(json, parsed);
            GetPostsByLocationResponse.Builder parsedReference = GetPostsByLocationResponse.newBuilder();
            JsonFormat.parser().merge(reference, parsedReference);
            // Compared with what JsonFormat's own JSON parses to: the mapping itself loses -0.0.
            assertThat(parsed.build()).as(json).isEqualTo(parsedReference.build());
            // And the same tree as JsonFormat's own output.
            assertThat(STRICT.readTree(json)).as(json + "\n" + reference).isEqualTo(STRICT.readTree(reference));
        }
    }

    @Test
    void anEmptyPageIsAnEmptyObject() {
        assertThat(new String(PostsJson.page(List.of(), ""), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    private static Post post(Random r) {
        Post.Builder p = Post.newBuilder().setPostId(text(r)).setContent(text(r));
        if (r.nextBoolean()) {
            p.setTimestamp(Timestamp.newBuilder().setSeconds(r.nextInt(2_000_000_000))
                    .setNanos(r.nextBoolean() ? 0 : r.nextInt(1_000_000_000)));
        }
        if (r.nextBoolean()) {
            p.setAuthor(UserRef.newBuilder().setUserId(text(r)).setUsername(text(r)));
        }
        if (r.nextInt(4) > 0) {
            Location.Builder l = Location.newBuilder().setLatitude(coordinate(r, 90)).setLongitude(coordinate(r, 180));
            if (r.nextBoolean()) {
                l.setAltitude(r.nextGaussian() * 1e4);
            }
            p.setLocation(l);
        }
        p.setLikes(r.nextBoolean() ? 0 : r.nextLong()).setBookmarks(r.nextInt(3)).setComments(r.nextInt(1000));
        for (int i = r.nextInt(4); i > 0; i--) {
            p.addTags(text(r));
        }
        if (r.nextBoolean()) {
            p.setDistanceMeters(r.nextBoolean() ? 0.0 : r.nextDouble() * Math.pow(10, r.nextInt(12) - 4));
        }
        p.setThumbUrl(r.nextBoolean() ? "" : "/pictures/x/thumb").setLargeUrl(text(r)).setTakenAt(text(r))
                .setPlaceName(text(r));
        p.setPrecision(LocationPrecision.forNumber(r.nextInt(4)));
        return p.build();
    }

    private static double coordinate(Random r, int max) {
        return switch (r.nextInt(5)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> (r.nextDouble() * 2 - 1) * max;
            case 3 -> 1e-9 * r.nextInt(1000);
            default -> Math.round((r.nextDouble() * 2 - 1) * max * 1e6) / 1e6;
        };
    }

    /** Empty, ASCII, hostile or any Unicode (no lone surrogates: they are not text). */
    private static String text(Random r) {
        int kind = r.nextInt(5);
        if (kind == 0) {
            return "";
        }
        if (kind == 1) {
            return "<script>\"quoted\" \\ back\\slash\n\t\u0000\u001f\u007f&='\u2028\u2029";
        }
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(20); i > 0; i--) {
            int cp = kind == 2 ? 32 + r.nextInt(95) : r.nextInt(0x10FFFF);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            b.appendCodePoint(cp);
        }
        return b.toString();
    }
}
