package dev.baton.data.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures are retried in place, and which tell the client to come back later (503). */
class SqlErrorsTest {
    private static SQLException state(String sqlState) {
        return new SQLException("x", sqlState);
    }

    @Test
    void serializationFailuresAndDeadlocksAreRetriedInPlace() {
        for (String s : new String[] {"40001", "40P01", "90131"}) {
            assertThat(SqlErrors.isRetryable(state(s))).as(s).isTrue();
            assertThat(SqlErrors.isUnavailable(state(s))).as(s).isFalse();
        }
    }

    @Test
    void lockAndStatementTimeoutsAndAServerGoingAwayAreUnavailableNotRetried() {
        // a lock wait that timed out has waited the whole timeout already: ten more would hold the request
        for (String s : new String[] {"HYT00", "55P03", "57014", "57P01", "57P02", "57P03", "08006", "08001"}) {
            assertThat(SqlErrors.isUnavailable(state(s))).as(s).isTrue();
            assertThat(SqlErrors.isRetryable(state(s))).as(s).isFalse();
        }
        assertThat(SqlErrors.isUnavailable(new SQLTransientConnectionException("pool timeout"))).isTrue();
        assertThat(SqlErrors.isUnavailable(new SQLException("wrapped", state("57P01")))).isTrue();
    }

    @Test
    void otherErrorsAreNeither() {
        for (String s : new String[] {"23505", "42P01", "22001"}) {
            assertThat(SqlErrors.isUnavailable(state(s))).as(s).isFalse();
            assertThat(SqlErrors.isRetryable(state(s))).as(s).isFalse();
        }
        assertThat(SqlErrors.isUniqueViolation(state("23505"))).isTrue();
    }
}
