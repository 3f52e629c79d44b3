package dev.tanken.matrix;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The database contract over every {@link Combination} on Postgres. */
@ParameterizedClass(name = "[{index}] {0}")
@MethodSource("dev.tanken.matrix.Combination#onPostgres")
class PostgresDatabaseServiceMatrixTest extends DatabaseServiceMatrixTest {
}
