package dev.tanken;

/** The caller supplied a value Tanken cannot accept; the message names the value and the rule. */
public class InvalidInputException extends TankenException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
