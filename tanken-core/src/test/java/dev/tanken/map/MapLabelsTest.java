package dev.tanken.map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tanken.discover.Hotspot;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.map.internal.MapLayout;
import dev.tanken.map.internal.MapPainter;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hotspot labels are measured against each other, the discs, the legend and the map's other texts. */
class MapLabelsTest {
    private static final GeoPoint TOKYO = GeoPoint.of(35.6812, 139.7671);

    /** The README map's crowded centre of Tokyo: Ueno Park and Sensō-ji are neighbours. */
    private static MapScene tokyo() {
        Object[][] spots = {
            {35.6595, 139.7005, 9.5, "Shibuya Crossing"}, {35.7148, 139.7967, 8.0, "Sensō-ji"},
            {35.6586, 139.7454, 6.5, "Tokyo Tower"}, {35.7101, 139.8107, 6.0, "Tokyo Skytree"},
            {35.6852, 139.7100, 4.5, "Shinjuku, Tokyo, Japan"}, {35.6300, 139.7750, 4.0, "Odaiba, Tokyo, Japan"},
            {35.7156, 139.7745, 3.5, "Ueno Park"}, {35.6655, 139.7707, 3.0, "Tsukiji Outer Market"},
            {35.4537, 139.6380, 2.0, "Yokohama, Kanagawa, Japan"}, {35.6812, 139.7671, 1.5, "Marunouchi, Tokyo"},
        };
        List<Hotspot> hotspots = new ArrayList<>();
        for (Object[] s : spots) {
            GeoPoint at = GeoPoint.of((double) s[0], (double) s[1]);
            hotspots.add(new Hotspot(at, 50, SphericalGeometry.distanceMeters(TOKYO, at), 3, 3, List.of("t"),
                    PostId.newId(), (double) s[2], (String) s[3], null));
        }
        return new MapScene(TOKYO, 15_000, List.of(TOKYO), hotspots, "Hotspots around Tokyo Station");
    }

    @ParameterizedTest
    @CsvSource({"800, 600", "1200, 800", "600, 600"})
    void labelsCoverNoOtherLabelNoDiscAndNothingElseDrawn(int width, int height) {
        MapPainter.Layout layout = new MapPainter(width, height).layout(tokyo());

        List<MapLayout.Label> placed = layout.labels().stream().filter(l -> l != null).toList();
        assertThat(placed.size()).as("labels placed of " + layout.labels().size()).isGreaterThanOrEqualTo(8);
        for (int i = 0; i < placed.size(); i++) {
            MapLayout.Box box = placed.get(i).box();
            assertThat(box.within(width, height)).as(placed.get(i).text() + " inside the picture").isTrue();
            for (int j = i + 1; j < placed.size(); j++) {
                assertThat(box.intersects(placed.get(j).box()))
                        .as(placed.get(i).text() + " over " + placed.get(j).text()).isFalse();
            }
            for (int d = 0; d < layout.discs().size(); d++) {
                assertThat(box.intersects(layout.discs().get(d))).as(placed.get(i).text() + " over disc " + (d + 1))
                        .isFalse();
            }
            assertThat(box.intersects(layout.legend())).as(placed.get(i).text() + " over the legend").isFalse();
        }
        for (MapLayout.Disc disc : layout.discs()) {
            assertThat(layout.legend().intersects(disc)).as("the legend over a disc").isFalse();
        }
        // Title, attribution and scale bar are reserved first; labels and the legend keep off them.
        List<MapLayout.Box> others = layout.reserved().stream()
                .filter(b -> !b.equals(layout.legend()) && placed.stream().noneMatch(l -> l.box().equals(b))).toList();
        assertThat(others).hasSize(3);
        for (MapLayout.Box other : others) {
            assertThat(other.intersects(layout.legend())).isFalse();
            placed.forEach(l -> assertThat(l.box().intersects(other)).as(l.text()).isFalse());
        }
        assertThat(layout.labels().get(6)).as("Ueno Park, the README map's label over disc 2").isNotNull();
    }

    @ParameterizedTest
    @CsvSource({"800, 600"})
    void theSvgDrawsTheLabelsWhereTheLayoutPutThemAndALegend(int width, int height) {
        MapPainter.Layout layout = new MapPainter(width, height).layout(tokyo());
        String svg = new String(new MapRenderer(width, height).render(tokyo(), MapFormat.SVG), StandardCharsets.UTF_8);

        for (MapLayout.Label label : layout.labels()) {
            if (label != null) {
                assertThat(svg).contains("class=\"label\" x=\"" + n(label.x()) + "\" y=\"" + n(label.baseline()) + "\"");
            }
        }
        assertThat(svg).contains("<g id=\"legend\"", "class=\"legend-post\"", "class=\"legend-hotspot\"",
                "class=\"legend-radius\"", ">a post</text>", ">hotspot by rank; area grows with score</text>",
                ">search radius, 15 km</text>");
    }

    private static String n(double v) {
        return dev.tanken.map.internal.SvgCanvas.number(v);
    }
}
