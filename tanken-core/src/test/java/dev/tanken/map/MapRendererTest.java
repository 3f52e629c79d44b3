package dev.tanken.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tanken.InvalidInputException;
import dev.tanken.discover.Hotspot;
import dev.tanken.geo.SphericalGeometry;
import dev.tanken.geocode.ReverseGeocoder;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.PostId;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Renders maps of Tokyo Bay and reads them back: SVG as XML, PNG as pixels. */
class MapRendererTest {
    private static final int W = 800;
    private static final int H = 600;
    private static final GeoPoint CENTER = GeoPoint.of(35.60, 139.85);
    private static final double RADIUS = 20_000;
    // 35.45, 139.85 lies in the middle of Tokyo Bay; Tokyo Station on land.
    private static final GeoPoint IN_THE_BAY = GeoPoint.of(35.45, 139.80);

    private final MapRenderer renderer = new MapRenderer(W, H);

    private static MapScene scene() {
        List<Hotspot> spots = List.of(
                hotspot(GeoPoint.of(35.6812, 139.7671), 9.0),
                hotspot(CENTER, 4.0),
                hotspot(GeoPoint.of(35.6586, 139.7454), 1.0));
        Random random = new Random(3);
        List<GeoPoint> posts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            posts.add(GeoPoint.of(35.68 + random.nextDouble() * 0.01, 139.76 + random.nextDouble() * 0.01));
        }
        return new MapScene(CENTER, RADIUS, posts, spots, "Tokyo Bay");
    }

    private static Hotspot hotspot(GeoPoint at, double score) {
        String name = ReverseGeocoder.bundled().lookup(at).orElseThrow().label();
        return new Hotspot(at, 50, SphericalGeometry.distanceMeters(CENTER, at), 3, 3, List.of("t"), PostId.newId(),
                score, name, null);
    }

    private static double ppm() {
        return (Math.min(W, H) / 2.0 - 24) / RADIUS;
    }

    private static double x(GeoPoint p) {
        return W / 2.0 + Math.toRadians(p.longitude() - CENTER.longitude()) * Math.cos(Math.toRadians(CENTER.latitude()))
                * SphericalGeometry.EARTH_RADIUS_METERS * ppm();
    }

    private static double y(GeoPoint p) {
        return H / 2.0 - Math.toRadians(p.latitude() - CENTER.latitude()) * SphericalGeometry.EARTH_RADIUS_METERS * ppm();
    }

    @Test
    void svgHasTheHotspotsSizedByScoreTheirLabelsThePostsAndAScaleBar() throws Exception {
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(renderer.render(scene(), MapFormat.SVG)));

        assertThat(svg.getDocumentElement().getAttribute("width")).isEqualTo("800");
        List<Element> hotspots = byClass(svg, "circle", "hotspot");
        List<Element> posts = byClass(svg, "circle", "post");
        List<Element> labels = byClass(svg, "text", "label");
        assertThat(hotspots).hasSize(3);
        assertThat(posts).hasSize(25);
        assertThat(labels).extracting(Element::getTextContent).containsExactly("Tokyo, Japan",
                ReverseGeocoder.bundled().lookup(CENTER).orElseThrow().label(), "Tokyo, Japan");

        // Drawn worst first: the last circle is the best hotspot, at Tokyo Station, and the largest.
        Element best = hotspots.get(2);
        assertThat(number(best, "cx")).isCloseTo(x(GeoPoint.of(35.6812, 139.7671)), within(0.1));
        assertThat(number(best, "cy")).isCloseTo(y(GeoPoint.of(35.6812, 139.7671)), within(0.1));
        assertThat(number(hotspots.get(1), "cx")).isCloseTo(W / 2.0, within(0.1));
        assertThat(List.of(number(hotspots.get(0), "r"), number(hotspots.get(1), "r"), number(best, "r"))).isSorted();
        assertThat(number(best, "r")).isGreaterThan(2 * number(hotspots.get(0), "r") - 8);

        Element scale = svg.getElementById("scale-bar") != null ? svg.getElementById("scale-bar") : byId(svg, "scale-bar");
        double meters = Double.parseDouble(scale.getAttribute("data-meters"));
        double pixels = Double.parseDouble(scale.getAttribute("data-pixels"));
        assertThat(pixels).isCloseTo(meters * ppm(), within(0.01));
        assertThat(pixels).isBetween(W / 10.0, W / 5.0);
        assertThat(byClass(svg, "text", "scale-label")).extracting(Element::getTextContent)
                .containsExactly(meters >= 1000 ? (long) (meters / 1000) + " km" : (long) meters + " m");

        // Tokyo Bay has coastline; Natural Earth has no border here.
        assertThat(byClass(svg, "path", "land")).hasSize(1);
        assertThat(byClass(svg, "path", "coast").get(0).getAttribute("d")).contains("L");
        assertThat(byClass(svg, "path", "border")).isEmpty();
    }

    @Test
    void pngShowsSeaLandAndHotspotsWhereTheProjectionPutsThem() throws Exception {
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(renderer.render(scene(), MapFormat.PNG)));

        assertThat(png.getWidth()).isEqualTo(W);
        assertThat(png.getHeight()).isEqualTo(H);
        assertThat(new Color(png.getRGB((int) x(IN_THE_BAY), (int) y(IN_THE_BAY)))).isEqualTo(Color.decode("#cfe3f3"));
        Color land = new Color(png.getRGB((int) x(GeoPoint.of(35.78, 139.70)), (int) y(GeoPoint.of(35.78, 139.70))));
        assertThat(land).isEqualTo(Color.decode("#f4f1e8"));
        // The centre hotspot: the disc's orange over the bay, right of its rank number.
        Color spot = new Color(png.getRGB(W / 2 + 9, H / 2 - 9));
        assertThat(spot.getRed()).isGreaterThan(200);
        assertThat(spot.getBlue()).isLessThan(150);
    }

    @Test
    void htmlEmbedsTheSvgAndListsTheHotspots() {
        String html = new String(renderer.render(scene(), MapFormat.HTML), StandardCharsets.UTF_8);

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg ").contains("<title>Tokyo Bay</title>");
        assertThat(html.split("<tr><td class=\"n\">", -1)).hasSize(4);
    }

    @Test
    void formatsComeFromFileNamesAndBadSizesAreRejected() {
        assertThat(MapFormat.ofFileName("a/map.SVG")).isEqualTo(MapFormat.SVG);
        assertThat(MapFormat.ofFileName("map.htm")).isEqualTo(MapFormat.HTML);
        assertThat(MapFormat.ofFileName("map.png")).isEqualTo(MapFormat.PNG);
        assertThatThrownBy(() -> MapFormat.ofFileName("map.gif")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new MapRenderer(50, 600)).isInstanceOf(InvalidInputException.class);
    }

    private static List<Element> byClass(Document doc, String tag, String cssClass) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (e.getAttribute("class").equals(cssClass)) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element byId(Document doc, String id) {
        NodeList nodes = doc.getElementsByTagName("g");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (e.getAttribute("id").equals(id)) {
                return e;
            }
        }
        throw new AssertionError("no element " + id);
    }

    private static double number(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }
}
