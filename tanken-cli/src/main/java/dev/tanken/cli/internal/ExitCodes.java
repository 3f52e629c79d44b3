package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExitCodeExceptionMapper;

/** The CLI's exit codes: 0 success, 2 the user's input was wrong, 1 anything else. */
public final class ExitCodes implements IExitCodeExceptionMapper {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    @Override
    public int getExitCode(Throwable exception) {
        return isUserMistake(exception) ? BAD_INPUT : FAILURE;
    }

    /** A mistake the user can fix by changing the command line or the input files. */
    public static boolean isUserMistake(Throwable exception) {
        return exception instanceof CommandLine.ParameterException
                || exception instanceof InvalidInputException;
    }
}
