package dev.tanken.ingest.internal;

import dev.tanken.model.Validation;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a description found in a photo's metadata into a caption Tanken can store, or decides there
 * is none.
 *
 * <p>Cameras fill the description fields with text nobody wrote: their make ("OLYMPUS DIGITAL
 * CAMERA", "SONY DSC"), a shooting-mode code (Huawei's "hdrpl", "rhdr", ...), a path on the card
 * ("DCIM\100GOPRO\GOPR0001.JPG") or a run of spaces padding a fixed-size field. Such values are
 * treated as no description at all. The list was gathered from what photo managers filter (gThumb,
 * PhotoPrism) and is compared case-insensitively with the whole trimmed value, so a real caption
 * that merely contains one of them is kept.
 *
 * <p>A real description longer than {@link Validation#MAX_CAPTION_LENGTH} code points is cut (at a
 * code-point boundary, ending in "…") rather than rejected: the photo is fine, only its caption is
 * long, and the uploader did not choose it.
 */
final class EmbeddedCaption {
    static final String ELLIPSIS = "…";

    private static final Set<String> PLACEHOLDERS = Set.of(
            "olympus digital camera", "minolta digital camera", "konica minolta digital camera",
            "sony dsc", "samsung", "samsung camera pictures", "<digimax i5, samsung #1>",
            "exif_jpeg_picture", "default", "binary comment", "charset=ascii", "created by imlib",
            "scanner", "dvc 10.1 hdmi",
            // Huawei and Honor write the camera mode that took the picture.
            "rhdr", "hdrpl", "oznor", "oznorwo", "frontbhdp", "fbt", "rbt", "ptr", "fbthdr", "btr", "mon", "nor",
            "dav", "mde", "mde_soft", "edf", "btfmdn", "btf", "btfhdr", "frem", "rpt", "burst", "sdr_hdrb",
            "cof", "qrf", "fshbty");
    /** A file path on a memory card (GoPro and others write the picture's own name). */
    private static final Pattern CARD_PATH = Pattern.compile("(?i)dcim[\\\\/]\\S*");

    private EmbeddedCaption() {
    }

    /**
     * The caption a raw metadata value gives: NFC-normalised, control characters dropped (tabs become
     * spaces, line breaks become {@code \n}), trimmed, and cut to the caption limit; null when nothing
     * is left or the value is a placeholder.
     */
    public static String of(String raw) {
        if (raw == null) {
            return null;
        }
        String text = withoutControlCharacters(Normalizer.normalize(raw, Normalizer.Form.NFC)).strip();
        if (text.isEmpty() || isPlaceholder(text)) {
            return null;
        }
        return fitted(text);
    }

    private static String withoutControlCharacters(String s) {
        String lines = s.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(lines.length());
        lines.codePoints().forEach(cp -> {
            if (cp == '\n') {
                out.append('\n');
            } else if (cp == '\t') {
                out.append(' ');
            } else if (Character.getType(cp) != Character.CONTROL) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static boolean isPlaceholder(String text) {
        return PLACEHOLDERS.contains(text.toLowerCase(Locale.ROOT)) || CARD_PATH.matcher(text).matches();
    }

    /**
     * Cuts to the limit counted the way {@link Validation#caption} counts: code points of the NFC
     * form. A cut can leave a character that NFC expands, hence the loop rather than one cut.
     */
    private static String fitted(String text) {
        int max = Validation.MAX_CAPTION_LENGTH;
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        int keep = max - 1;
        while (true) {
            String head = text.substring(0, text.offsetByCodePoints(0, keep)).stripTrailing();
            String candidate = Normalizer.normalize(head + ELLIPSIS, Normalizer.Form.NFC);
            if (candidate.codePointCount(0, candidate.length()) <= max) {
                return candidate;
            }
            keep--;
        }
    }
}
