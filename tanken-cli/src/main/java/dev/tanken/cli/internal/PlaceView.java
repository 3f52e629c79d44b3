package dev.tanken.cli.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tanken.discover.Hotspot;
import dev.tanken.geocode.PlaceMatch;
import dev.tanken.geocode.PostPlace;
import java.io.IOException;

/** The JSON shapes of places and hotspots: field names and order are part of the CLI's interface. */
public final class PlaceView {
    private PlaceView() {
    }

    /** A gazetteer match: name, admin1, countryCode, country, latitude, longitude, population, distanceMeters. */
    public static void writeMatch(JsonGenerator json, String field, PlaceMatch match) throws IOException {
        if (match == null) {
            json.writeNullField(field);
            return;
        }
        json.writeObjectFieldStart(field);
        json.writeStringField("name", match.place().name());
        json.writeStringField("admin1", match.place().admin1());
        json.writeStringField("countryCode", match.place().countryCode());
        json.writeStringField("country", match.place().countryName());
        Json.writeCoordinate(json, "latitude", match.place().location().latitude());
        Json.writeCoordinate(json, "longitude", match.place().location().longitude());
        json.writeNumberField("population", match.place().population());
        json.writeNumberField("distanceMeters", match.distanceMeters());
        json.writeEndObject();
    }

    /** {@code tanken place --json} for a point: label, then the match's fields. */
    public record Match(PlaceMatch match) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("label", match == null ? null : match.label());
            writeMatch(json, "place", match);
            json.writeEndObject();
        }
    }

    /** {@code tanken place POST --json}: postId, name, chosenByAuthor, gazetteer. */
    public record OfPost(PostPlace place) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("postId", place.postId().toString());
            json.writeStringField("name", place.name());
            json.writeBooleanField("chosenByAuthor", place.chosenByAuthor());
            writeMatch(json, "gazetteer", place.gazetteer());
            json.writeEndObject();
        }
    }

    /**
     * An element of {@code tanken explore --json}: rank, placeName, latitude, longitude, radiusMeters,
     * distanceMeters, posts, posters, score, topTags, coverPostId, place (the gazetteer's, or null).
     */
    public record Spot(int rank, Hotspot hotspot) implements Json.Writable {
        @Override
        public void writeTo(JsonGenerator json) throws IOException {
            Hotspot h = hotspot;
            json.writeStartObject();
            json.writeNumberField("rank", rank);
            json.writeStringField("placeName", h.placeName());
            Json.writeCoordinate(json, "latitude", h.center().latitude());
            Json.writeCoordinate(json, "longitude", h.center().longitude());
            json.writeNumberField("radiusMeters", h.radiusMeters());
            json.writeNumberField("distanceMeters", h.distanceMeters());
            json.writeNumberField("posts", h.posts());
            json.writeNumberField("posters", h.posters());
            json.writeNumberField("score", h.score());
            Json.writeStrings(json, "topTags", h.topTags());
            json.writeStringField("coverPostId", h.coverPostId().toString());
            writeMatch(json, "place", h.place());
            json.writeEndObject();
        }
    }
}
