package dev.tanken;

/** The write would break a uniqueness rule, such as a username that is already taken. */
public class ConflictException extends InvalidInputException {
    public ConflictException(String message) {
        super(message);
    }
}
