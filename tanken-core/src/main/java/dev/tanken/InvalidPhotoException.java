package dev.tanken;

/** The bytes are not a photo Tanken accepts: unknown format, malformed, truncated or over a limit. */
public class InvalidPhotoException extends InvalidInputException {
    public InvalidPhotoException(String message) {
        super(message);
    }

    public InvalidPhotoException(String message, Throwable cause) {
        super(message, cause);
    }
}
