package dev.tanken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tanken.InvalidInputException;
import org.junit.jupiter.api.Test;

class WebOptionsTest {
    @Test
    void noneMeansTheBundledBasemapOnly() {
        WebOptions none = WebOptions.parseTiles(" None ", "ignored", WebOptions.DEFAULT_CENTER);
        assertThat(none.tilesUrl()).isNull();
        assertThat(none.tilesAttribution()).isEmpty();
        assertThat(none.tilesOrigin()).isNull();
    }

    @Test
    void openStreetMapKeepsItsCreditAndOtherTilesTakeTheirs() {
        assertThat(WebOptions.defaults().tilesAttribution()).contains("OpenStreetMap");
        assertThat(WebOptions.parseTiles(WebOptions.OSM_TILES, null, WebOptions.DEFAULT_CENTER).tilesAttribution())
                .isEqualTo(WebOptions.OSM_ATTRIBUTION);
        WebOptions other = WebOptions.parseTiles("http://localhost:8081/tiles/{z}/{x}/{y}.png", null,
                WebOptions.DEFAULT_CENTER);
        assertThat(other.tilesAttribution()).isEmpty();
        assertThat(other.tilesOrigin()).isEqualTo("http://localhost:8081");
        assertThat(WebOptions.parseTiles("https://{s}.tile.example.org/{z}/{x}/{y}.png", "© Example",
                WebOptions.DEFAULT_CENTER).tilesOrigin()).isEqualTo("https://*.tile.example.org");
    }

    @Test
    void aTileUrlIsAnHttpTemplateWithZxy() {
        assertThatThrownBy(() -> WebOptions.parseTiles("", null, WebOptions.DEFAULT_CENTER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("or none");
        assertThatThrownBy(() -> WebOptions.parseTiles("https://tiles.example/{z}/{x}.png", null,
                WebOptions.DEFAULT_CENTER)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("{z}, {x} and {y}");
        assertThatThrownBy(() -> WebOptions.parseTiles("file:///tmp/{z}/{x}/{y}.png", null, WebOptions.DEFAULT_CENTER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> WebOptions.parseTiles("https://bad host/{z}/{x}/{y}.png", null,
                WebOptions.DEFAULT_CENTER)).isInstanceOf(InvalidInputException.class);
    }
}
