package dev.tanken.ingest.internal;

import com.adobe.internal.xmp.XMPConst;
import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import com.adobe.internal.xmp.properties.XMPProperty;
import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.heif.HeifMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.imaging.webp.WebpMetadataReader;
import com.drew.lang.Rational;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import dev.tanken.ingest.ImageFormat;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.TakenAt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metadata Tanken uses, read with metadata-extractor: EXIF first, XMP (as written into PNG and
 * other files by tools such as exiftool and Lightroom) for whatever EXIF lacks.
 *
 * <p>The caption is the first usable one of EXIF ImageDescription, XMP dc:description (its
 * x-default entry) and IPTC Caption/Abstract, each cleaned by {@link EmbeddedCaption}, so a camera's
 * placeholder in EXIF gives way to a description written later by an editor. EXIF comes first, as in
 * the Metadata Working Group's reconciliation and because cameras and exiftool write it there. XMP
 * goes before IPTC: the MWG trusts IPTC over XMP only when the IPTC digest shows that IPTC is
 * current, which is not checked here, and IPTC-IIM often names no character set and reads as
 * mojibake.
 *
 * <p>Bad values are treated as absent rather than as errors: a position that is partial, out of
 * range, not a number or exactly 0,0 (the classic "no fix" value) gives a null location, because the
 * caller may still supply a location by hand.
 *
 * @param location usable GPS position with optional altitude, or null
 * @param takenAt DateTimeOriginal (+ OffsetTimeOriginal), or null
 * @param orientation EXIF orientation 1..8, or 0 when absent or invalid
 * @param caption the photo's own description made fit for a caption, or null
 */
public record EmbeddedMetadata(GeoPoint location, TakenAt takenAt, int orientation, String caption) {

    private static final Pattern EXIF_DATE_TIME = Pattern.compile(
            "(\\d{4})[:-](\\d{2})[:-](\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?");
    private static final Pattern XMP_COORDINATE = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)(?:,(\\d+(?:\\.\\d+)?))?(?:,(\\d+(?:\\.\\d+)?))?([NSEWnsew])");
    private static final Pattern XMP_RATIONAL = Pattern.compile("(-?\\d+)(?:/(\\d+))?");

    /** Reads the metadata of bytes whose format and structure have already been checked. */
    public static EmbeddedMetadata read(ImageFormat format, byte[] bytes) throws MalformedImageException {
        Metadata metadata;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            metadata = switch (format) {
                case JPEG -> JpegMetadataReader.readMetadata(in);
                case PNG -> PngMetadataReader.readMetadata(in);
                case WEBP -> WebpMetadataReader.readMetadata(in);
                case HEIF -> HeifMetadataReader.readMetadata(in);
            };
        } catch (ImageProcessingException | IOException | RuntimeException | StackOverflowError e) {
            // metadata-extractor signals garbage with unchecked exceptions as well as checked ones.
            throw new MalformedImageException("metadata cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        GeoPoint location = null;
        for (GpsDirectory gps : metadata.getDirectoriesOfType(GpsDirectory.class)) {
            location = exifLocation(gps);
            if (location != null) {
                break;
            }
        }
        TakenAt takenAt = null;
        for (ExifSubIFDDirectory exif : metadata.getDirectoriesOfType(ExifSubIFDDirectory.class)) {
            takenAt = exifTakenAt(exif);
            if (takenAt != null) {
                break;
            }
        }
        int orientation = 0;
        String caption = null;
        for (ExifIFD0Directory ifd0 : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
            if (orientation == 0) {
                orientation = orientation(ifd0.getInteger(ExifDirectoryBase.TAG_ORIENTATION));
            }
            if (caption == null) {
                caption = EmbeddedCaption.of(ifd0.getString(ExifDirectoryBase.TAG_IMAGE_DESCRIPTION));
            }
        }
        for (XmpDirectory xmpDirectory : metadata.getDirectoriesOfType(XmpDirectory.class)) {
            XMPMeta xmp = xmpDirectory.getXMPMeta();
            if (xmp == null) {
                continue;
            }
            if (location == null) {
                location = xmpLocation(xmp);
            }
            if (takenAt == null) {
                takenAt = xmpTakenAt(xmp);
            }
            if (orientation == 0) {
                orientation = orientation(parseIntOrNull(xmpString(xmp, XMPConst.NS_TIFF, "Orientation")));
            }
            if (caption == null) {
                caption = EmbeddedCaption.of(xmpDescription(xmp));
            }
        }
        for (IptcDirectory iptc : metadata.getDirectoriesOfType(IptcDirectory.class)) {
            if (caption == null) {
                caption = EmbeddedCaption.of(iptc.getString(IptcDirectory.TAG_CAPTION));
            }
        }
        return new EmbeddedMetadata(location, takenAt, orientation, caption);
    }

    private static GeoPoint exifLocation(GpsDirectory gps) {
        Double latitude = coordinate(gps.getRationalArray(GpsDirectory.TAG_LATITUDE),
                gps.getString(GpsDirectory.TAG_LATITUDE_REF), 'N', 'S');
        Double longitude = coordinate(gps.getRationalArray(GpsDirectory.TAG_LONGITUDE),
                gps.getString(GpsDirectory.TAG_LONGITUDE_REF), 'E', 'W');
        Double altitude = null;
        Rational rawAltitude = gps.getRational(GpsDirectory.TAG_ALTITUDE);
        if (rawAltitude != null && rawAltitude.getDenominator() != 0) {
            altitude = rawAltitude.getNumerator() / (double) rawAltitude.getDenominator();
            altitude = belowReference(gps.getInteger(GpsDirectory.TAG_ALTITUDE_REF)) ? -altitude : altitude;
        }
        return usable(latitude, longitude, altitude);
    }

    /** Far more digits than a double holds, so that the one rounding to double is the correct one. */
    private static final MathContext EXACT_ENOUGH = new MathContext(40);
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    /** Degrees, minutes, seconds (the latter two optional) with a hemisphere reference. */
    private static Double coordinate(Rational[] parts, String ref, char positive, char negative) {
        if (parts == null || parts.length == 0 || parts.length > 3) {
            return null;
        }
        int sign = hemisphereSign(ref, positive, negative);
        if (sign == 0) {
            return null;
        }
        // Summed exactly and rounded once: in doubles, 139° 42' 1.9908" came out as 139.70055299999999,
        // not the 139.700553 the camera meant, and every answer showed the noise.
        BigDecimal value = BigDecimal.ZERO;
        BigDecimal unit = BigDecimal.ONE;
        for (Rational part : parts) {
            if (part.getDenominator() == 0 || part.getNumerator() < 0 || part.getDenominator() < 0) {
                return null;
            }
            value = value.add(BigDecimal.valueOf(part.getNumerator())
                    .divide(BigDecimal.valueOf(part.getDenominator()).multiply(unit), EXACT_ENOUGH));
            unit = unit.multiply(SIXTY);
        }
        return sign * value.doubleValue();
    }

    private static int hemisphereSign(String ref, char positive, char negative) {
        if (ref == null) {
            return 0;
        }
        String r = ref.replace("\0", "").strip().toUpperCase(Locale.ROOT);
        if (r.length() != 1) {
            return 0;
        }
        return r.charAt(0) == positive ? 1 : r.charAt(0) == negative ? -1 : 0;
    }

    /** EXIF 3.0 refs: 0/2 above, 1/3 below sea level (or the ellipsoid); absent means above. */
    private static boolean belowReference(Integer ref) {
        return ref != null && (ref & 1) == 1;
    }

    private static GeoPoint usable(Double latitude, Double longitude, Double altitude) {
        if (latitude == null || longitude == null || !Double.isFinite(latitude) || !Double.isFinite(longitude)
                || Math.abs(latitude) > 90 || Math.abs(longitude) > 180
                || (latitude == 0.0 && longitude == 0.0)) {
            return null;
        }
        return new GeoPoint(latitude, longitude, altitude != null && Double.isFinite(altitude) ? altitude : null);
    }

    private static TakenAt exifTakenAt(ExifSubIFDDirectory exif) {
        LocalDateTime local = exifDateTime(exif.getString(ExifDirectoryBase.TAG_DATETIME_ORIGINAL),
                exif.getString(ExifDirectoryBase.TAG_SUBSECOND_TIME_ORIGINAL));
        if (local == null) {
            return null;
        }
        return new TakenAt(local, offset(exif.getString(ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL)));
    }

    /** EXIF's "yyyy:MM:dd HH:mm:ss"; blank or zeroed values, which cameras write when unset, give null. */
    private static LocalDateTime exifDateTime(String value, String subSeconds) {
        if (value == null) {
            return null;
        }
        Matcher m = EXIF_DATE_TIME.matcher(value.replace("\0", "").strip());
        if (!m.matches()) {
            return null;
        }
        String fraction = m.group(7);
        if (fraction == null && subSeconds != null && subSeconds.strip().matches("\\d{1,9}")) {
            fraction = subSeconds.strip();
        }
        int nanos = fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
        try {
            return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)), nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static ZoneOffset offset(String value) {
        if (value == null) {
            return null;
        }
        String v = value.replace("\0", "").strip();
        if (!v.matches("[+-]\\d{2}:\\d{2}")) {
            return null;
        }
        try {
            return ZoneOffset.of(v);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int orientation(Integer value) {
        return value != null && value >= 1 && value <= 8 ? value : 0;
    }

    private static GeoPoint xmpLocation(XMPMeta xmp) {
        Double latitude = xmpCoordinate(xmpString(xmp, XMPConst.NS_EXIF, "GPSLatitude"), 'N', 'S');
        Double longitude = xmpCoordinate(xmpString(xmp, XMPConst.NS_EXIF, "GPSLongitude"), 'E', 'W');
        Double altitude = xmpRational(xmpString(xmp, XMPConst.NS_EXIF, "GPSAltitude"));
        if (altitude != null && belowReference(parseIntOrNull(xmpString(xmp, XMPConst.NS_EXIF, "GPSAltitudeRef")))) {
            altitude = -altitude;
        }
        return usable(latitude, longitude, altitude);
    }

    /** XMP writes coordinates as "DDD,MM.mmmmK" or "DDD,MM,SSK" with K the hemisphere. */
    private static Double xmpCoordinate(String value, char positive, char negative) {
        if (value == null) {
            return null;
        }
        Matcher m = XMP_COORDINATE.matcher(value.strip());
        if (!m.matches()) {
            return null;
        }
        int sign = hemisphereSign(m.group(4), positive, negative);
        if (sign == 0) {
            return null;
        }
        double result = Double.parseDouble(m.group(1));
        if (m.group(2) != null) {
            result += Double.parseDouble(m.group(2)) / 60;
        }
        if (m.group(3) != null) {
            result += Double.parseDouble(m.group(3)) / 3600;
        }
        return sign * result;
    }

    private static Double xmpRational(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = XMP_RATIONAL.matcher(value.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            long denominator = m.group(2) == null ? 1 : Long.parseLong(m.group(2));
            return denominator == 0 ? null : Long.parseLong(m.group(1)) / (double) denominator;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** XMP dates are ISO 8601, with or without an offset; partial dates (year only, ...) are ignored. */
    private static TakenAt xmpTakenAt(XMPMeta xmp) {
        String value = xmpString(xmp, XMPConst.NS_EXIF, "DateTimeOriginal");
        if (value == null) {
            value = xmpString(xmp, XMPConst.NS_PHOTOSHOP, "DateCreated");
        }
        if (value == null) {
            return null;
        }
        String v = value.strip();
        try {
            return TakenAt.of(OffsetDateTime.parse(v));
        } catch (DateTimeParseException e) {
            try {
                return TakenAt.local(LocalDateTime.parse(v));
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** dc:description is a language alternative; x-default is the entry meant for any reader. */
    private static String xmpDescription(XMPMeta xmp) {
        try {
            XMPProperty description = xmp.getLocalizedText(XMPConst.NS_DC, "description", null, XMPConst.X_DEFAULT);
            return description == null ? null : description.getValue();
        } catch (XMPException | RuntimeException e) {
            return null;
        }
    }

    private static String xmpString(XMPMeta xmp, String namespace, String property) {
        try {
            return xmp.getPropertyString(namespace, property);
        } catch (XMPException | RuntimeException e) {
            return null;
        }
    }

    private static Integer parseIntOrNull(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
