package dev.tanken.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a test sees of a child's output once it has killed the child: the crash tests decide what a
 * killed process did from the lines it printed, so a line lost by the harness looks like a write the
 * workload made without saying so.
 */
class KillableChildTest {
    private static final int LINES = 2000;

    /** Prints numbered lines, each flushed, then creates the marker file and waits to be killed. */
    public static final class Writer {
        private Writer() {
        }

        public static void main(String[] args) throws Exception {
            PrintStream out = new PrintStream(System.out, true);
            for (int i = 0; i < LINES; i++) {
                out.println("LINE " + i);
            }
            Files.createFile(Path.of(args[0]));
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
        }
    }

    @Test
    void everyLineWrittenBeforeTheKillIsRead(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("written");
        try (KillableChild child = KillableChild.start(dir.resolve("out"), dir.resolve("err"), List.of(),
                Writer.class, List.of(marker.toString()))) {
            awaitFile(marker);
            assertThat(child.kill()).isEqualTo(expected());
        }
    }

    /**
     * The harness defect the kill test once tripped on, made deterministic: the child's lines sit
     * unread in the pipe when {@link Process#destroyForcibly()} kills it, and that call closes the
     * parent's end of the pipe, so they are gone. Under load the kill test's reading thread lagged a
     * few lines behind the child, and lost them the same way.
     */
    @Test
    void processDestroyForciblyDiscardsWhatThePipeStillHolds(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("written");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Writer.class.getName(), marker.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitFile(marker);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        List<String> read = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                read.add(line);
            }
        } catch (IOException closed) {
            // "Stream closed": what the old kill test's reader caught and ignored
        }
        assertThat(read).as("lines read after Process.destroyForcibly()").hasSizeLessThan(LINES);
    }

    private static List<String> expected() {
        return IntStream.range(0, LINES).mapToObj(i -> "LINE " + i).toList();
    }

    private static void awaitFile(Path marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(marker)) {
            assertThat(System.nanoTime()).as("child wrote its lines within 60 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
