package dev.tanken;

/**
 * Root of every exception Tanken throws. Catch this to handle all Tanken failures; catch a subclass
 * to handle one kind. {@link InvalidInputException} and its subclasses mean the caller's input was
 * wrong (a CLI maps them to exit code 2); everything else is an operational failure.
 */
public class TankenException extends RuntimeException {
    public TankenException(String message) {
        super(message);
    }

    public TankenException(String message, Throwable cause) {
        super(message, cause);
    }
}
