package dev.tanken.activity.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement assembled from fixed SQL fragments, with every caller-supplied value (names, times,
 * payload paths and values) held apart as a parameter: no input is ever spliced into the SQL text.
 */
public final class SqlQuery {
    /** Binds one value at a parameter position. */
    @FunctionalInterface
    public interface Param {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }

    private final StringBuilder sql = new StringBuilder();
    private final List<Param> params = new ArrayList<>();
    private boolean filtered;
    private String first = " WHERE ";

    /** A conjunction on its own, for embedding: the first condition has no WHERE before it. */
    public static SqlQuery conjunction() {
        SqlQuery q = new SqlQuery();
        q.first = "";
        return q;
    }

    /** Appends SQL text. Callers pass only constants of their own; values go through {@link #param}. */
    public SqlQuery sql(String fragment) {
        sql.append(fragment);
        return this;
    }

    /** Appends a condition: the first after WHERE, the next ones after AND. */
    public SqlQuery and(String condition) {
        sql.append(filtered ? " AND " : first).append(condition);
        filtered = true;
        return this;
    }

    /** Appends another statement's text and its parameters, in order. */
    public SqlQuery append(SqlQuery other) {
        sql.append(other.sql);
        params.addAll(other.params);
        return this;
    }

    public SqlQuery param(Param param) {
        params.add(param);
        return this;
    }

    public String text() {
        return sql.toString();
    }

    public int parameterCount() {
        return params.size();
    }

    public void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).bind(ps, i + 1);
        }
    }

    /** Prepares the statement on {@code c} with every parameter bound. */
    public PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement(text());
        try {
            bind(ps);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return text();
    }
}
