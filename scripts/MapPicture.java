import dev.tanken.Tanken;
import dev.tanken.blob.FileSystemBlobStore;
import dev.tanken.db.Write;
import dev.tanken.sqlite.SqliteDatabaseService;
import dev.tanken.discover.ExploreQuery;
import dev.tanken.map.MapFormat;
import dev.tanken.map.MapRenderer;
import dev.tanken.map.MapScene;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PictureRef;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.User;
import dev.tanken.model.UserRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Renders the README's map picture (docs/map.png and docs/map.svg) from a seeded synthetic dataset:
 * busy Tokyo landmarks with many posters, one spot with a single very active poster, older posts,
 * scattered background posts. Run by scripts/make-map-picture.sh.
 */
public class MapPicture {
    record Spot(String tag, double lat, double lon, int posters, int postsEach, int ageDays, String chosenName) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path home = Files.createTempDirectory("tanken-map");
        Random random = new Random(2024);
        List<Spot> spots = List.of(
                new Spot("shibuya", 35.6595, 139.7005, 40, 2, 3, "Shibuya Crossing"),
                new Spot("sensoji", 35.7148, 139.7967, 30, 2, 10, "Sensō-ji"),
                new Spot("tokyotower", 35.6586, 139.7454, 22, 1, 5, "Tokyo Tower"),
                new Spot("skytree", 35.7101, 139.8107, 18, 2, 20, "Tokyo Skytree"),
                new Spot("shinjukugyoen", 35.6852, 139.7100, 15, 1, 40, null),
                new Spot("odaiba", 35.6300, 139.7750, 12, 1, 8, null),
                new Spot("ueno", 35.7156, 139.7745, 10, 2, 60, "Ueno Park"),
                new Spot("tsukiji", 35.6655, 139.7707, 1, 60, 2, "Tsukiji Outer Market"),   // one very active poster
                new Spot("yokohama", 35.4537, 139.6380, 9, 1, 15, null));
        try (SqliteDatabaseService db = SqliteDatabaseService.open(home.resolve("tanken.db"))) {
            Tanken tanken = Tanken.using(db, new FileSystemBlobStore(home.resolve("blobs")), null);
            Instant now = Instant.now();
            int users = 0;
            List<Post> posts = new ArrayList<>();
            java.util.Map<PostId, String> named = new java.util.HashMap<>();
            for (Spot s : spots) {
                for (int u = 0; u < s.posters(); u++) {
                    UserRef author = db.createUser(User.create("u" + users++, null)).ref();
                    for (int i = 0; i < s.postsEach(); i++) {
                        GeoPoint at = GeoPoint.of(s.lat() + random.nextGaussian() * 0.0012, s.lon() + random.nextGaussian() * 0.0015);
                        Instant created = now.minus(Duration.ofHours((long) (s.ageDays() * 24 * random.nextDouble() * 2)));
                        Post post = new Post(PostId.newId(), created, author, "", picture(random), at, null,
                                0, 0, 0, List.of(s.tag()));
                        posts.add(post);
                        if (s.chosenName() != null && u % 3 == 0) {
                            named.put(post.id(), s.chosenName());
                        }
                    }
                }
            }
            UserRef wanderer = db.createUser(User.create("wanderer", null)).ref();
            for (int i = 0; i < 150; i++) {
                GeoPoint at = GeoPoint.of(35.66 + (random.nextDouble() - 0.5) * 0.3, 139.74 + (random.nextDouble() - 0.5) * 0.35);
                posts.add(new Post(PostId.newId(), now.minus(Duration.ofDays(random.nextInt(90))), wanderer, "",
                        picture(random), at, null, 0, 0, 0, List.of("walk")));
            }
            db.applyAll(posts.stream().<Write>map(Write.CreatePost::new).toList());
            named.forEach(db::setPlaceName);
            List<UserRef> fans = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fans.add(db.createUser(User.create("fan" + i, null)).ref());
            }
            for (Post p : posts) {
                int likes = random.nextInt(4);
                for (int i = 0; i < likes; i++) {
                    db.like(p.id(), fans.get(random.nextInt(fans.size())).id());
                }
            }
            GeoPoint center = GeoPoint.of(35.675, 139.755);
            ExploreQuery query = ExploreQuery.around(center, 9_000).withLimit(8);
            MapScene scene = tanken.mapScene(query, "Hotspots within 9 km of 35.675, 139.755");
            MapRenderer renderer = new MapRenderer(1000, 760);
            Files.write(out.resolve("map.png"), renderer.render(scene, MapFormat.PNG));
            Files.write(out.resolve("map.svg"), renderer.render(scene, MapFormat.SVG));
            scene.hotspots().forEach(h -> System.out.printf("%-28s posts %3d posters %3d score %.2f %s%n",
                    h.placeName(), h.posts(), h.posters(), h.score(), h.topTags()));
        }
    }

    static PictureRef picture(Random random) {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        String sha = HexFormat.of().formatHex(digest);
        return new PictureRef(sha, "image/jpeg", sha, 640, 480);
    }
}
