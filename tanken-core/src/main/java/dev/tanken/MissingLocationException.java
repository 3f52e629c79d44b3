package dev.tanken;

/** The photo carries no usable GPS position and the caller supplied none. */
public class MissingLocationException extends InvalidPhotoException {
    public MissingLocationException(String message) {
        super(message);
    }
}
