package dev.tanken.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Uploads many files on a fixed number of threads. A file's failure is its own outcome and never
 * stops the others; each outcome is handed to {@code listener} as soon as it is known (from a worker
 * thread, so the listener must be thread-safe).
 */
public final class BatchUpload {
    private BatchUpload() {
    }

    public static List<FileOutcome> run(List<Path> files, Function<Path, FileOutcome> uploader, int threads,
            Consumer<FileOutcome> listener) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        List<FileOutcome> outcomes = Collections.synchronizedList(new ArrayList<>(files.size()));
        if (files.isEmpty()) {
            return List.of();
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, files.size()), task -> {
            Thread t = new Thread(task, "tanken-import-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(files.size());
            for (Path file : files) {
                futures.add(pool.submit(() -> {
                    FileOutcome outcome = uploader.apply(file);
                    outcomes.add(outcome);
                    listener.accept(outcome);
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        } catch (ExecutionException e) {
            // FileUploader reports every failure as an outcome; this is a bug in a listener.
            throw new IllegalStateException("import task failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }
}
