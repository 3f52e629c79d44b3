package dev.tanken;

/**
 * The caller may not do this to this object, e.g. delete someone else's post. The message names who
 * may. A caller's fault like any invalid input (CLI exit code 2).
 */
public class ForbiddenException extends InvalidInputException {
    public ForbiddenException(String message) {
        super(message);
    }
}
