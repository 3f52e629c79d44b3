package dev.tanken.bench;

import dev.tanken.postgres.internal.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Plain JDBC connections for the benchmarks' own set-up and accounting, outside the services they measure. */
final class BenchConnections {
    private BenchConnections() {
    }

    /** A connection to a {@code postgresql://} URL with the URL's schema first on the search path. */
    static Connection connect(String url) throws SQLException {
        PostgresUrl u = PostgresUrl.parse(url);
        Properties props = u.connectionProperties();
        props.setProperty("currentSchema", PostgresUrl.quoteIdentifier(u.schema()) + ",public");
        return DriverManager.getConnection(u.jdbcUrl(), props);
    }
}
