package dev.tanken.sqlite.internal;

import dev.tanken.InvalidInputException;
import dev.tanken.StorageException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

/** Conversions between Java values and the SQLite column types of the schema. */
public final class SqlValues {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private SqlValues() {
    }

    /** Builds a value from the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Maps a row, reporting a row the model rejects (a bad id, an impossible value written by hand
     * or by a broken tool) as a storage failure: it is not the caller's input that is wrong.
     */
    public static <T> T mapRow(String what, ResultSet rs, RowMapper<T> mapper) throws SQLException {
        try {
            return mapper.map(rs);
        } catch (RuntimeException e) {
            throw new StorageException("the database holds an invalid " + what + ": " + e.getMessage(), e);
        }
    }

    /** Microseconds since the Unix epoch; instants too far from 1970 for a 64-bit count are rejected. */
    public static long micros(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND),
                    instant.getNano() / 1000);
        } catch (ArithmeticException e) {
            throw new InvalidInputException("time " + instant + " is out of the storable range");
        }
    }

    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
    }

    public static Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : instant(micros);
    }

    public static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    public static UUID uuid(ResultSet rs, String column) throws SQLException {
        return UUID.fromString(rs.getString(column));
    }

    public static void setNullableMicros(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, micros(instant));
        }
    }

    public static void setNullableDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.REAL);
        } else {
            ps.setDouble(index, value);
        }
    }

    public static void setNullableInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
