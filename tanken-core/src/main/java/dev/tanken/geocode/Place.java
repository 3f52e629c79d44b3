package dev.tanken.geocode;

import dev.tanken.model.GeoPoint;
import java.util.Locale;
import java.util.Objects;

/**
 * A populated place of the gazetteer: a city, town or village with its first-level administrative
 * area (prefecture, state, region) and country.
 *
 * @param name the place's name as GeoNames spells it (e.g. {@code Tokyo}, {@code Sant Julià de Lòria})
 * @param admin1 the English name of its first-level administrative area, or empty when unknown
 * @param countryCode ISO 3166-1 alpha-2 code, e.g. {@code JP}
 * @param location the place's centre
 * @param population inhabitants, 0 when the gazetteer does not say
 */
public record Place(String name, String admin1, String countryCode, GeoPoint location, long population) {

    public Place {
        Objects.requireNonNull(name, "name");
        admin1 = admin1 == null ? "" : admin1;
        Objects.requireNonNull(countryCode, "country code");
        Objects.requireNonNull(location, "location");
        if (population < 0) {
            throw new IllegalArgumentException("population must not be negative: " + population);
        }
    }

    /** The country's English name from the JDK's locale data, or the code when the JDK has none. */
    public String countryName() {
        String english = new Locale("", countryCode).getDisplayCountry(Locale.ENGLISH);
        return english.isBlank() ? countryCode : english;
    }

    /**
     * The name a person reads: {@code name, admin1, country}, leaving out the admin area when it is
     * empty or repeats the name ({@code Tokyo, Japan} rather than {@code Tokyo, Tokyo, Japan}).
     */
    public String label() {
        StringBuilder label = new StringBuilder(name);
        if (!admin1.isBlank() && !admin1.equalsIgnoreCase(name)) {
            label.append(", ").append(admin1);
        }
        return label.append(", ").append(countryName()).toString();
    }
}
