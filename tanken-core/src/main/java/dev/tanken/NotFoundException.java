package dev.tanken;

/** A user, post or comment that the call names does not exist. */
public class NotFoundException extends InvalidInputException {
    public NotFoundException(String message) {
        super(message);
    }
}
