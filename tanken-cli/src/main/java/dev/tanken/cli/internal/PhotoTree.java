package dev.tanken.cli.internal;

import dev.tanken.InvalidInputException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The regular files under a directory, recursively, in a stable order. Hidden files and
 * directories (a leading '.', or hidden by the file system) are left out unless asked for, as are
 * files and directories matching an ignore glob and symbolic links to directories (which could
 * loop). A subdirectory that cannot be read is reported, not fatal.
 */
public final class PhotoTree {

    /**
     * Which entries the walk leaves out. A glob is matched against the path relative to the root
     * (with '/' between names) and against the name alone, so {@code *.raw} and {@code drafts/**}
     * both do what they say.
     */
    public record Filter(boolean includeHidden, List<String> ignore) {
        public static final Filter DEFAULT = new Filter(false, List.of());

        public Filter {
            ignore = List.copyOf(ignore);
            for (String glob : ignore) {
                try {
                    FileSystems.getDefault().getPathMatcher("glob:" + glob);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("--ignore '" + glob + "' is not a glob: " + e.getMessage());
                }
            }
        }

        boolean skips(Path root, Path path) {
            if (!includeHidden && isHidden(path)) {
                return true;
            }
            if (ignore.isEmpty() || path.equals(root)) {
                return false;
            }
            Path relative = root.relativize(path);
            for (String glob : ignore) {
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
                if (m.matches(relative) || m.matches(relative.getFileName())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** @param unreadable directories or files the walk could not enter, with the reason */
    public record Listing(List<Path> files, List<FileOutcome> unreadable) {
    }

    private PhotoTree() {
    }

    /** @throws InvalidInputException if {@code root} is missing, not a directory or unreadable */
    public static Listing list(Path root) {
        return list(root, Filter.DEFAULT);
    }

    /** @throws InvalidInputException if {@code root} is missing, not a directory or unreadable */
    public static Listing list(Path root, Filter filter) {
        if (!Files.exists(root)) {
            throw new InvalidInputException("no such directory: " + root);
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("not a directory: " + root + " (use 'tanken upload FILE' for single files)");
        }
        if (!Files.isReadable(root)) {
            throw new InvalidInputException("cannot read directory " + root + ": permission denied");
        }
        List<Path> files = new ArrayList<>();
        List<FileOutcome> unreadable = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && filter.skips(root, dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (filter.skips(root, file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isRegularFile()) {
                        files.add(file);
                    } else if (attrs.isSymbolicLink() && Files.isRegularFile(file)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!filter.skips(root, file)) {
                        unreadable.add(new FileOutcome(file, FileOutcome.Kind.REJECTED, null,
                                "cannot read: " + reason(e)));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new InvalidInputException("cannot read directory " + root + ": " + reason(e), e);
        }
        files.sort(null);
        return new Listing(List.copyOf(files), List.copyOf(unreadable));
    }

    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        if (name != null && name.toString().startsWith(".")) {
            return true;
        }
        try {
            return Files.isHidden(path);
        } catch (IOException e) {
            return false;
        }
    }

    private static String reason(IOException e) {
        String kind = e.getClass().getSimpleName();
        if (kind.equals("AccessDeniedException")) {
            return "permission denied";
        }
        return e.getMessage() == null ? kind : e.getMessage();
    }
}
