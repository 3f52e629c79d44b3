package dev.tanken.geocode;

import java.util.Objects;

/** A reverse-geocoding answer: the place chosen for a point and the point's distance from it. */
public record PlaceMatch(Place place, double distanceMeters) {
    public PlaceMatch {
        Objects.requireNonNull(place, "place");
        if (!(distanceMeters >= 0)) {
            throw new IllegalArgumentException("distance must be a non-negative number, got " + distanceMeters);
        }
    }

    /** See {@link Place#label()}. */
    public String label() {
        return place.label();
    }
}
