package dev.tanken.blob.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a local file operation failed, in words: the JDK's messages for the commonest failures are
 * only the path ({@code NoSuchFileException: /x}), which reads as no reason at all. Here because the
 * file-system blob store needs it; Tanken's other modules that touch local files (the embedded
 * database, the CLI) share it. Not API.
 */
public final class IoReasons {
    private IoReasons() {
    }

    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null || e instanceof FileSystemException ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The reason, naming the file it concerns when that is not {@code subject} itself. */
    public static String reason(IOException e, java.nio.file.Path subject) {
        String reason = reason(e);
        if (e instanceof FileSystemException f && f.getFile() != null && !f.getFile().equals(subject.toString())) {
            return reason + " (" + f.getFile() + ")";
        }
        return reason;
    }
}
