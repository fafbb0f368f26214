package dev.keel.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The JDBC every DAO of Keel shares: one statement on a connection of its own, or several in one
 * transaction; parameters bound by position ({@link Instant}s as UTC {@code OffsetDateTime}, which
 * H2 and PostgreSQL both take); a failure is an IllegalStateException naming the DAO.
 */
public final class Jdbc {

    /** Reads one row. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    /** Statements on one connection, inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Supplier<DataSource> dataSource;
    private final String owner;

    /** {@code owner} names the DAO in error messages ("legal index: ..."); the supplier may wait for the database to open. */
    public Jdbc(Supplier<DataSource> dataSource, String owner) {
        this.dataSource = dataSource;
        this.owner = owner;
    }

    public int update(String sql, Object... params) {
        return run(c -> update(c, sql, params));
    }

    /** Inserts a row; false when a unique key already holds it (SQLState class 23, integrity constraint). */
    public boolean insertUnlessPresent(String sql, Object... params) {
        try (Connection c = dataSource.get().getConnection()) {
            update(c, sql, params);
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw failed(e);
        }
    }

    public <T> List<T> list(String sql, Row<T> row, Object... params) {
        return run(c -> list(c, 0, sql, row, params));
    }

    /** The first {@code maxRows} rows only. */
    public <T> List<T> top(int maxRows, String sql, Row<T> row, Object... params) {
        return run(c -> list(c, maxRows, sql, row, params));
    }

    public <T> Optional<T> first(String sql, Row<T> row, Object... params) {
        return top(1, sql, row, params).stream().findFirst();
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) {
        return run(c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        });
    }

    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        }
    }

    public static <T> List<T> list(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        return list(c, 0, sql, row, params);
    }

    private static <T> List<T> list(Connection c, int maxRows, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (maxRows > 0) {
                s.setMaxRows(maxRows);
            }
            bind(s, params);
            List<T> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(row.read(r));
                }
            }
            return rows;
        }
    }

    public static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            s.setObject(i + 1, p instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : p);
        }
    }

    private <T> T run(Work<T> work) {
        try (Connection c = dataSource.get().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private IllegalStateException failed(SQLException e) {
        return new IllegalStateException(owner + ": " + e.getMessage(), e);
    }
}
