package dev.tanken.consistency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM whose standard output goes to a file, for tests that {@code SIGKILL} it and then
 * need every line it wrote before the kill.
 *
 * <p>A pipe read by the test is not enough: {@link Process#destroyForcibly()} closes the parent's
 * end of the child's stdout right after sending the signal, so whatever the child had written that
 * the reading thread had not consumed yet is thrown away (on a loaded machine, many lines). A file
 * keeps every completed {@code write(2)} whatever happens to the writer, and the kill goes through
 * {@link ProcessHandle#destroyForcibly()}, which only sends the signal.
 */
final class KillableChild implements AutoCloseable {
    private final Process process;
    private final Path output;
    private final List<String> lines = new ArrayList<>();
    private long offset;
    /** Bytes of the line being written, split at newline bytes so a character cut in two is whole. */
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    private KillableChild(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code main} in a new JVM with this JVM's class path; stdout goes to {@code output}
     * (created or truncated), stderr is appended to {@code errors}.
     */
    static KillableChild start(Path output, Path errors, List<String> jvmOptions, Class<?> main, List<String> args)
            throws IOException {
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.createDirectories(errors.toAbsolutePath().getParent());
        Files.deleteIfExists(output);
        Files.createFile(output);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        Process p = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()))
                .start();
        return new KillableChild(p, output);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The complete lines the child has written so far. A line without its newline yet is left for
     * a later call: the child may be writing it, or may have been killed in the middle of it (then
     * it never counts, so that "ACK 1" cut from "ACK 12" is not read as an answer).
     */
    synchronized List<String> lines() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(output.toFile(), "r")) {
            long length = f.length();
            if (length > offset) {
                byte[] bytes = new byte[(int) (length - offset)];
                f.seek(offset);
                f.readFully(bytes);
                offset = length;
                for (byte b : bytes) {
                    if (b == '\n') {
                        lines.add(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                    } else {
                        partial.write(b);
                    }
                }
            }
        }
        return List.copyOf(lines);
    }

    /**
     * Sends {@code SIGKILL} (no shutdown hook, no flush, no unlock runs in the child), waits for it
     * to end and returns every complete line it wrote.
     */
    List<String> kill() throws IOException, InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + process.pid() + " still alive 60 s after SIGKILL");
        }
        return lines();
    }

    @Override
    public void close() {
        process.toHandle().destroyForcibly();
    }
}
