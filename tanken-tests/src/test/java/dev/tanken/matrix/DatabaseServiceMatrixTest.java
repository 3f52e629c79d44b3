package dev.tanken.matrix;

import dev.tanken.db.DatabaseServiceContract;
import dev.tanken.db.DatabaseService;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * The database contract over the {@link Combination}s, each test on fresh services, invariants
 * checked after it. Two concrete classes split the cells by database, so that the two test JVMs
 * each take one half.
 */
@ExtendWith(KnownDeviations.class)
abstract class DatabaseServiceMatrixTest extends DatabaseServiceContract implements MatrixTest {
    @Parameter
    Combination combination;

    @TempDir
    Path matrixDir;

    private MatrixFixture fixture;

    @Override
    public Combination combination() {
        return combination;
    }

    @Override
    protected DatabaseService newService() {
        fixture = MatrixFixture.open(combination, matrixDir);
        return fixture.service();
    }

    // Runs before the contract's own close, which is then a no-op.
    @AfterEach
    void checkInvariantsAndClose() throws SQLException {
        if (fixture != null) {
            try (MatrixFixture closing = fixture) {
                closing.checkInvariants();
            }
        }
    }
}
