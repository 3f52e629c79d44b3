package dev.tanken.timing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Wall time per top-level test class, slowest first, written to {@code target/test-timings-<pid>.txt} (one file per test JVM)
 * when the test plan ends, and the slowest ten printed. Registered through {@code META-INF/services},
 * so every module that runs tests from this module's test jar reports too.
 */
public final class ClassTimingListener implements TestExecutionListener {
    private static final int SHOWN = 10;

    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, Long> elapsedNanos = new ConcurrentHashMap<>();
    private final Map<String, Integer> tests = new ConcurrentHashMap<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (isTopLevelClass(id)) {
            started.put(id.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (isTopLevelClass(id)) {
            Long start = started.remove(id.getUniqueId());
            if (start != null) {
                String name = ((ClassSource) id.getSource().orElseThrow()).getClassName();
                elapsedNanos.merge(name, System.nanoTime() - start, Long::sum);
            }
        } else if (id.isTest() && plan != null) {
            topLevelClassOf(id).ifPresent(name -> tests.merge(name, 1, Integer::sum));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (elapsedNanos.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Long>> rows = new ArrayList<>(elapsedNanos.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<String> lines = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> row : rows) {
            total += row.getValue();
            lines.add(String.format("%8.2f s %5d tests  %s", row.getValue() / 1e9,
                    tests.getOrDefault(row.getKey(), 0), row.getKey()));
        }
        lines.add(String.format("%8.2f s total over %d classes", total / 1e9, rows.size()));
        Path out = Path.of("target", "test-timings-" + ProcessHandle.current().pid() + ".txt");
        try {
            Files.createDirectories(out.getParent());
            Files.write(out, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("Slowest test classes (all in " + out.toAbsolutePath() + "):");
        lines.stream().limit(SHOWN).forEach(System.out::println);
    }

    private boolean isTopLevelClass(TestIdentifier id) {
        return id.isContainer() && id.getSource().filter(ClassSource.class::isInstance).isPresent()
                && plan != null && plan.getParent(id).map(p -> p.getParentId().isEmpty()).orElse(false);
    }

    private java.util.Optional<String> topLevelClassOf(TestIdentifier id) {
        java.util.Optional<TestIdentifier> at = java.util.Optional.of(id);
        while (at.isPresent()) {
            if (isTopLevelClass(at.get())) {
                return java.util.Optional.of(((ClassSource) at.get().getSource().orElseThrow()).getClassName());
            }
            at = plan.getParent(at.get());
        }
        return java.util.Optional.empty();
    }
}
