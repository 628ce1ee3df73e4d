package dev.baton.data.store.internal;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.function.Predicate;

/** Classifies SQL errors the same way on H2 and PostgreSQL. */
public final class SqlErrors {
    /**
     * Failures that a fresh attempt of the same transaction may not meet again, at once: serialization
     * failure and deadlock (40001 on both engines, 40P01 on PostgreSQL) and H2's concurrent update (90131).
     */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "90131");
    /**
     * Failures that mean the database cannot serve now, for the client to try again later (503), besides the
     * connection class 08: a lock wait that timed out (H2's HYT00, PostgreSQL's 55P03), which has already
     * waited the whole lock timeout, so retrying it in place would hold the request ten times as long; a
     * statement cancelled by statement_timeout (57014); the server shutting down, crashed or not yet
     * accepting connections (57P01, 57P02, 57P03), which kills a pooled connection mid-transaction.
     */
    private static final Set<String> UNAVAILABLE = Set.of("HYT00", "55P03", "57014", "57P01", "57P02", "57P03");
    private static final String UNIQUE_VIOLATION = "23505";

    private SqlErrors() {}

    public static boolean isRetryable(SQLException e) {
        return anyState(e, RETRYABLE::contains);
    }

    public static boolean isUniqueViolation(SQLException e) {
        return anyState(e, UNIQUE_VIOLATION::equals);
    }

    /**
     * The database cannot serve now: no connection from the pool, a connection-class SQLState (08...), or
     * one of {@link #UNAVAILABLE}.
     */
    public static boolean isUnavailable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return anyState(e, state -> state.startsWith("08") || UNAVAILABLE.contains(state));
    }

    /** Whether {@code e}, a chained exception or a cause of either has a SQLState that {@code matches}. */
    private static boolean anyState(SQLException e, Predicate<String> matches) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            for (Throwable t = s; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && sql.getSQLState() != null && matches.test(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }
}
