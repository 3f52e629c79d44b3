package dev.tanken.bench;

import dev.tanken.ingest.IngestLimits;
import dev.tanken.ingest.Photo;
import dev.tanken.ingest.PhotoInspector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Metadata extraction per photo file: {@link PhotoInspector#read} (reads the file, checks the
 * container, extracts EXIF/XMP, hashes the bytes) against {@code exiftool -n -json}, on the same
 * files. One operation is the whole set; scores are per file ({@link OperationsPerInvocation}).
 *
 * <p>{@code exiftool-per-file} starts one exiftool process per file (what a naive integration does);
 * {@code exiftool-batch} one process for the whole set, its start-up shared by the files. The set is
 * every fixture of {@code tanken-core/src/test/resources/photos/manifest.csv} that is expected to be
 * accepted plus {@code samples/*.jpg}; run from the repository root or set
 * {@code -Dtanken.bench.repo=DIR}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ExifBenchmark {
    /** The set's size, fixed because {@link OperationsPerInvocation} needs a constant; checked in setup. */
    static final int FILES = 28;

    @Param({"tanken", "exiftool-batch", "exiftool-per-file"})
    public String impl;

    private List<Path> files;
    private PhotoInspector inspector;

    @Setup(Level.Trial)
    public void open() {
        files = photoSet(Path.of(System.getProperty("tanken.bench.repo", ".")));
        if (files.size() != FILES) {
            throw new IllegalStateException("expected " + FILES + " photos, found " + files.size() + ": " + files);
        }
        inspector = new PhotoInspector(IngestLimits.DEFAULT);
        if (!impl.equals("tanken")) {
            // Fails loudly when exiftool is missing or does not read the files, rather than timing an error.
            String out = exiftool(files);
            if (!out.contains("GPSLatitude")) {
                throw new IllegalStateException("exiftool returned no GPS data: " + out);
            }
        }
    }

    /** The accepted fixtures (manifest rows with an empty error column) plus the sample JPEGs. */
    static List<Path> photoSet(Path repo) {
        Path fixtures = repo.resolve("tanken-core/src/test/resources/photos");
        List<Path> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(fixtures.resolve("manifest.csv"))) {
                if (line.startsWith("#") || line.startsWith("file,") || line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells[cells.length - 1].isEmpty()) {
                    out.add(fixtures.resolve(cells[0]));
                }
            }
            try (Stream<Path> samples = Files.list(repo.resolve("samples"))) {
                samples.filter(p -> p.toString().endsWith(".jpg")).sorted().forEach(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the photo set under " + repo, e);
        }
        return out;
    }

    static String exiftool(List<Path> batch) {
        List<String> command = new ArrayList<>(List.of("exiftool", "-n", "-json"));
        batch.forEach(p -> command.add(p.toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            int status = process.waitFor();
            if (status != 0) {
                throw new IllegalStateException("exiftool exited with " + status + ": " + new String(out));
            }
            return new String(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(FILES)
    public void perFile(Blackhole bh) {
        switch (impl) {
            case "tanken" -> {
                for (Path f : files) {
                    Photo photo = inspector.read(f);
                    bh.consume(photo);
                }
            }
            case "exiftool-batch" -> bh.consume(exiftool(files));
            case "exiftool-per-file" -> {
                for (Path f : files) {
                    bh.consume(exiftool(List.of(f)));
                }
            }
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        }
    }
}
