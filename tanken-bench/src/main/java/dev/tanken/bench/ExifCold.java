package dev.tanken.bench;

import dev.tanken.ingest.IngestLimits;
import dev.tanken.ingest.PhotoInspector;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link ExifBenchmark}'s photo set inspected once in a fresh JVM: the cost a one-shot CLI call pays
 * (class loading, interpreter) that JMH's warm figures hide. Time the whole process with hyperfine;
 * the printed figure is the inspection alone, JVM start excluded.
 *
 * <pre>hyperfine -N 'java -cp tanken-bench/target/tanken-bench.jar dev.tanken.bench.ExifCold'</pre>
 *
 * <p>{@code ExifCold --list [REPO]} prints the set's files instead, one per line, so that the exiftool
 * side of the comparison reads exactly the same files.
 */
public final class ExifCold {
    private ExifCold() {
    }

    public static void main(String[] args) {
        boolean list = args.length > 0 && args[0].equals("--list");
        int repo = list ? 1 : 0;
        List<Path> files = ExifBenchmark.photoSet(Path.of(args.length > repo ? args[repo] : "."));
        if (list) {
            files.forEach(System.out::println);
            return;
        }
        long started = System.nanoTime();
        PhotoInspector inspector = new PhotoInspector(IngestLimits.DEFAULT);
        long located = 0;
        for (Path f : files) {
            if (inspector.read(f).metadata().location() != null) {
                located++;
            }
        }
        System.out.printf("%d files (%d with a location) inspected in %.1f ms, JVM start excluded%n", files.size(),
                located, (System.nanoTime() - started) / 1e6);
    }
}
