package dev.baton.data.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** An INSERT whose key may exist already: that is an answer (false), not an error. */
public final class InsertIfAbsent {
    private InsertIfAbsent() {}

    /**
     * Runs {@code sql} with the parameters {@code params} sets; false, with the transaction rolled back, if a
     * unique key already holds the row.
     */
    public static boolean run(Connection c, String sql, Parameters params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            params.set(s);
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                // PostgreSQL has aborted the transaction; rolling back leaves a usable connection.
                c.rollback();
                return false;
            }
            throw e;
        }
    }

    /** Sets the parameters of the INSERT. */
    @FunctionalInterface
    public interface Parameters {
        void set(PreparedStatement s) throws SQLException;
    }
}
