package dev.tanken;

/**
 * The bytes are not an image format Tanken accepts (JPEG, HEIF/HEIC, PNG, WebP) — as opposed to a
 * supported format that is damaged. Batch importers skip such files instead of reporting them.
 */
public class UnsupportedImageFormatException extends InvalidPhotoException {
    public UnsupportedImageFormatException(String message) {
        super(message);
    }
}
