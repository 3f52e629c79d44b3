package dev.tanken.matrix;

import dev.tanken.activity.ActivityLogContract;
import dev.tanken.db.DatabaseService;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The activity log contract over every {@link Combination}, each test on fresh services, invariants checked after it. */
@ParameterizedClass(name = "[{index}] {0}")
@MethodSource("dev.tanken.matrix.Combination#all")
@ExtendWith(KnownDeviations.class)
class ActivityLogMatrixTest extends ActivityLogContract implements MatrixTest {
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
