package dev.tanken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tanken.testing.TestPhotos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nearby --tag/--user/--since}, {@code --units mi}, and coordinates typed as people write them. */
class NearbyFiltersTest {
    @TempDir
    Path home;

    @TempDir
    Path photos;

    CliRunner cli;
    /** Post ids, nearest first; even ones by mei tagged #cat, odd ones by ken tagged #dog. */
    final List<String> posts = new ArrayList<>();

    @BeforeEach
    void uploadNinePostsAtGrowingDistances() {
        cli = new CliRunner(home);
        for (int i = 0; i < 9; i++) {
            Path photo = TestPhotos.writeJpeg(photos, "p" + i + ".jpg", 35.6811 + i * 0.001, 139.7670, 60 + i);
            boolean even = i % 2 == 0;
            CliRunner.Result r = cli.run("upload", "--user", even ? "mei" : "ken", "--tag", even ? "cat" : "dog",
                    "--json", photo.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            posts.add(JsonLines.parse(r.out()).get("postId").asText());
        }
    }

    /** Every page of a search, jsonl: the ids, and each page's size. */
    private List<List<String>> pages(String... filter) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            List<String> args = new ArrayList<>(List.of("nearby", "--lat", "35.6811", "--lon", "139.767",
                    "--radius", "5km", "--limit", "2", "--format", "jsonl"));
            args.addAll(List.of(filter));
            if (cursor != null) {
                args.addAll(List.of("--cursor", cursor));
            }
            CliRunner.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            cursor = null;
            List<String> ids = new ArrayList<>();
            for (String line : r.outLines()) {
                JsonNode node = JsonLines.parse(line);
                if (node.has("nextCursor")) {
                    cursor = node.get("nextCursor").asText();
                } else {
                    ids.add(node.get("postId").asText());
                }
            }
            pages.add(ids);
            assertThat(pages).as("pages so far").hasSizeLessThan(20);
        } while (cursor != null);
        return pages;
    }

    private List<String> every(int from) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < posts.size(); i += 2) {
            ids.add(posts.get(i));
        }
        return ids;
    }

    @Test
    void filteredPagesAreFullAndTheirCursorsSkipNothing() {
        List<List<String>> cats = pages("--tag", "cat");
        assertThat(cats.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(every(0));
        // Five matches in pages of two: 2, 2, 1, no short page before the last.
        assertThat(cats.stream().map(List::size).toList()).containsExactly(2, 2, 1);

        List<List<String>> ken = pages("--user", "ken");
        assertThat(ken.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(every(1));
        // The API had a post after ken's fourth, so a cursor followed; the page it gives is empty and last.
        assertThat(ken.stream().map(List::size).toList()).containsExactly(2, 2, 0);

        assertThat(pages("--tag", "#CAT", "--user", "mei", "--since", "1d").stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(every(0));
        assertThat(pages("--tag", "cat", "--user", "ken")).containsExactly(List.of());
        assertThat(pages("--tag", "cat", "--user", "ken").stream().flatMap(List::stream)).isEmpty();
        assertThat(pages("--since", "2999-01-01")).containsExactly(List.of());
    }

    @Test
    void aCursorIsBoundToItsFilters() {
        CliRunner.Result first = cli.run("nearby", "--lat", "35.6811", "--lon", "139.767", "--radius", "5km",
                "--limit", "2", "--tag", "cat", "--format", "jsonl");
        String cursor = JsonLines.parse(first.outLines().get(2)).get("nextCursor").asText();
        for (String[] other : new String[][] {{}, {"--tag", "dog"}, {"--tag", "cat", "--user", "mei"}}) {
            List<String> args = new ArrayList<>(List.of("nearby", "--lat", "35.6811", "--lon", "139.767",
                    "--radius", "5km", "--limit", "2", "--cursor", cursor));
            args.addAll(List.of(other));
            CliRunner.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("other --tag, --user or --since filters");
        }
        CliRunner.Result unfiltered = cli.run("nearby", "--lat", "35.6811", "--lon", "139.767", "--radius", "5km",
                "--limit", "2", "--format", "jsonl");
        String plainCursor = JsonLines.parse(unfiltered.outLines().get(2)).get("nextCursor").asText();
        CliRunner.Result r = cli.run("nearby", "--lat", "35.6811", "--lon", "139.767", "--radius", "5km",
                "--tag", "cat", "--cursor", plainCursor);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(cli.run("nearby", "--lat", "35.6811", "--lon", "139.767", "--user", "nobody").err())
                .contains("no user named 'nobody'");
    }

    @Test
    void degreesMinutesSecondsAndLatLonNameTheSameCentre() {
        // 35.6811 N 139.767 E is 35°40'51.96"N 139°46'1.2"E.
        String decimal = cli.run("nearby", "--lat", "35.6811", "--lon", "139.767", "--json").out();
        assertThat(JsonLines.parse(decimal)).hasSize(9);
        for (String[] centre : new String[][] {
                {"--near", "35°40'51.96\"N 139°46'1.2\"E"},
                {"--near", "35°40′51.96″N, 139°46′1.2″E"},
                {"--near", "35.6811,139.767"},
                {"--near", "35.6811N 139.767E"},
                {"--lat", "35°40'51.96\"N", "--lon", "139°46'1.2\"E"}}) {
            List<String> args = new ArrayList<>(List.of("nearby", "--json"));
            args.addAll(List.of(centre));
            CliRunner.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).as(String.join(" ", centre)).isEqualTo(decimal);
        }
        CliRunner.Result south = cli.run("nearby", "--near", "33°52'S 151°12'E");
        assertThat(south.out()).contains("no posts within 1.00 km of -33.866667,151.2");
        CliRunner.Result wrongLetter = cli.run("nearby", "--lat", "35°40'52\"E", "--lon", "139");
        assertThat(wrongLetter.exitCode()).isEqualTo(2);
        assertThat(wrongLetter.err()).contains("ends in N or S");
        CliRunner.Result badMinutes = cli.run("nearby", "--near", "35°75'N 139°46'E");
        assertThat(badMinutes.exitCode()).isEqualTo(2);
        assertThat(badMinutes.err()).contains("minutes and seconds run from 0 to 59");
    }

    @Test
    void unitsInMilesAndRadiiInMilesOrFeet() {
        CliRunner.Result miles = cli.run("nearby", "--lat", "35.6811", "--lon", "139.767", "--radius", "1mi",
                "--units", "mi");
        assertThat(miles.exitCode()).as(miles.toString()).isZero();
        // 0.001 degrees of latitude is 111 m = 365 ft; one mile (1609 m) holds the nearest 15 of them: all 9.
        assertThat(miles.outLines()).hasSize(10);
        assertThat(miles.outLines().get(1)).contains(" 0 ft");
        assertThat(miles.outLines().get(2)).contains("365 ft");
        assertThat(miles.outLines().get(9)).contains("0.55 mi");
        assertThat(miles.out()).doesNotContain(" km", " m ");

        CliRunner.Result feet = cli.run("nearby", "--lat", "35.6811", "--lon", "139.767", "--radius", "500ft",
                "--json");
        assertThat(JsonLines.parse(feet.out())).hasSize(2);
        CliRunner.Result none = cli.run("nearby", "--lat", "0", "--lon", "0", "--units", "mi");
        assertThat(none.out()).contains("no posts within 0.62 mi of 0,0");
        CliRunner.Result badUnits = cli.run("nearby", "--lat", "0", "--lon", "0", "--units", "furlongs");
        assertThat(badUnits.exitCode()).isEqualTo(2);
        assertThat(badUnits.err()).contains("--units is km or mi");
    }
}
