package dev.tanken.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering every change must keep: no package cycles; the API and the core never reach a
 * backend; a feature's {@code internal} package is its own. Checked on the compiled main classes of
 * every library module.
 */
class ArchitectureTest {
    private static final String[] BACKENDS = {"dev.tanken.sqlite..", "dev.tanken.postgres..", "dev.tanken.redis..",
            "dev.tanken.s3..", "dev.tanken.seed..", "dev.tanken.kafka.."};
    /** Core's feature packages, each with its own API and {@code internal} package. */
    private static final String[] CORE_FEATURES = {"activity", "blob", "cache", "consistency", "db", "discover",
            "geocode", "geo", "ingest", "map", "model"};
    /** Everything built on core: backends and applications may use core's internals. */
    private static final String[] CLIENTS = {"dev.tanken.sqlite..", "dev.tanken.postgres..", "dev.tanken.redis..",
            "dev.tanken.s3..", "dev.tanken.seed..", "dev.tanken.kafka..", "dev.tanken.cli..", "dev.tanken.bench..", "dev.tanken.server..",
            "dev.tanken.examples..", "dev.tanken.testing.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // A reactor build hands this module the other modules' jars, their test jars included.
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("dev.tanken");
        if (classes.size() < 200) {
            throw new IllegalStateException("expected the library's classes, found only " + classes.size());
        }
    }

    @Test
    void featurePackagesFormNoCycle() {
        slices().matching("dev.tanken.(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * A feature's {@code internal} package serves that feature, the facade and the backends (which
     * share core's row and cursor helpers); no other core feature may lean on it.
     */
    @Test
    void internalPackagesStayInsideTheirFeature() {
        for (String feature : CORE_FEATURES) {
            // The cache tier is a database service over a cache: it shares the backends' cursor and
            // cache codecs as the backends do.
            String[] alsoAllowed = feature.equals("db") || feature.equals("cache")
                    ? new String[] {"dev.tanken.consistency.."} : new String[0];
            noClasses().that().resideOutsideOfPackages(concat(concat(CLIENTS, alsoAllowed), "dev.tanken." + feature + "..",
                            "dev.tanken", "dev.tanken.internal.."))
                    .should().dependOnClassesThat().resideInAPackage("dev.tanken." + feature + ".internal..")
                    .check(classes);
        }
    }

    /** API packages never reach the facade's implementation package; {@code spi.internal} finds providers for the factories. */
    @Test
    void apiPackagesDoNotReachTheFacadesImplementation() {
        noClasses().that().resideOutsideOfPackages(concat(CLIENTS, "dev.tanken", "dev.tanken.internal.."))
                .should().dependOnClassesThat().resideInAPackage("dev.tanken.internal..")
                .check(classes);
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .toArray(String[]::new);
    }

    @Test
    void coreNeverReachesABackend() {
        noClasses().that().resideOutsideOfPackages(BACKENDS)
                .and().resideOutsideOfPackages("dev.tanken.cli..", "dev.tanken.bench..", "dev.tanken.server..",
                        "dev.tanken.examples..", "dev.tanken.testing..")
                .should().dependOnClassesThat().resideInAnyPackage(BACKENDS)
                .check(classes);
    }

    @Test
    void backendsDoNotReachEachOther() {
        for (String backend : new String[] {"dev.tanken.sqlite..", "dev.tanken.postgres..", "dev.tanken.redis..",
                "dev.tanken.s3..", "dev.tanken.kafka.."}) {
            noClasses().that().resideInAPackage(backend)
                    .should().dependOnClassesThat().resideInAnyPackage(others(backend))
                    .check(classes);
        }
    }

    private static String[] others(String backend) {
        return java.util.Arrays.stream(BACKENDS).filter(b -> !b.equals(backend)).toArray(String[]::new);
    }
}
