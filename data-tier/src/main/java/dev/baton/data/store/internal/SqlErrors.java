package dev.baton.data.store.internal;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Classifies SQL errors the same way on H2 and PostgreSQL. */
public final class SqlErrors {
    /**
     * Failures that a fresh attempt of the same transaction may not meet again: serialization failure and
     * deadlock (40001 on both engines, 40P01 on PostgreSQL), H2's concurrent update (90131) and lock
     * timeout (HYT00), PostgreSQL's lock not available (55P03).
     */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "90131", "HYT00", "55P03");
    private static final String UNIQUE_VIOLATION = "23505";

    private SqlErrors() {}

    public static boolean isRetryable(SQLException e) {
        return anyState(e, RETRYABLE);
    }

    public static boolean isUniqueViolation(SQLException e) {
        return anyState(e, Set.of(UNIQUE_VIOLATION));
    }

    /** The database cannot be reached: no connection from the pool, or a connection-class SQLState (08...). */
    public static boolean isUnavailable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyState(SQLException e, Set<String> states) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            for (Throwable t = s; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && sql.getSQLState() != null && states.contains(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }
}
