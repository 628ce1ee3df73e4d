package dev.baton.data.store;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.baton.common.http.Json;
import dev.baton.data.store.internal.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves money between accounts, at most once per idempotency key.
 *
 * <p>One transaction reads the key's record, locks both account rows in id order (so two transfers
 * over the same pair cannot deadlock on each other), moves the money and inserts the key's record with
 * the answer. The key is the primary key of that record: of two concurrent requests with one key,
 * the second fails its insert, rolls back, and on its retry replays the first one's answer. Every answer
 * that depends on the accounts is recorded, refusals too (an unknown account, insufficient funds, an
 * overflowing balance), so a key always gets the answer it got first: a retry after the account was
 * created, or funded, is refused again rather than applied later. Only a request that is wrong in itself
 * (amount not positive, the same account twice) is answered without a record, as it always gets that answer.
 */
public final class TransferService {
    private final Database db;
    private final Timer latency;
    private final Meter applied;
    private final Meter insufficient;
    private final Meter replayed;

    public TransferService(Database db, MetricRegistry registry) {
        this.db = db;
        this.latency = registry.timer("transfers.latency");
        this.applied = registry.meter("transfers.applied");
        this.insufficient = registry.meter("transfers.insufficient-funds");
        this.replayed = registry.meter("transfers.replayed");
    }

    /** Executes {@code transfer}, or replays the answer recorded under its idempotency key. */
    public TransferOutcome transfer(Transfer transfer) {
        if (transfer.amount() <= 0) {
            return error(422, "amount must be > 0, but was " + transfer.amount(), transfer);
        }
        if (transfer.from().equals(transfer.to())) {
            return error(422, "from and to are the same account: " + transfer.from(), transfer);
        }
        Timer.Context time = latency.time();
        try {
            TransferOutcome outcome = db.transaction(c -> execute(c, transfer));
            count(outcome);
            return outcome;
        } finally {
            time.stop();
        }
    }

    private TransferOutcome execute(Connection c, Transfer t) throws SQLException {
        TransferOutcome recorded = recorded(c, t);
        if (recorded != null) {
            return recorded;
        }
        // Locking in a fixed order is what rules out a deadlock between A->B and B->A.
        String first = t.from().compareTo(t.to()) < 0 ? t.from() : t.to();
        String second = first.equals(t.from()) ? t.to() : t.from();
        Long firstBalance = lockBalance(c, first);
        Long secondBalance = lockBalance(c, second);
        TransferOutcome outcome;
        if (firstBalance == null || secondBalance == null) {
            outcome = error(404, "unknown account: " + (firstBalance == null ? first : second), t);
        } else {
            long fromBalance = first.equals(t.from()) ? firstBalance : secondBalance;
            long toBalance = first.equals(t.to()) ? firstBalance : secondBalance;
            if (fromBalance < t.amount()) {
                outcome = error(409, "insufficient funds", t);
            } else if (toBalance > Long.MAX_VALUE - t.amount()) {
                outcome = error(422, "the balance of " + t.to() + " would overflow", t);
            } else {
                outcome = move(c, t);
            }
        }
        record(c, t, outcome);
        return outcome;
    }

    /** The answer recorded under the key: replayed if the request matches it, else 422. */
    private static TransferOutcome recorded(Connection c, Transfer t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT from_id, to_id, amount, status_code, response FROM transfers WHERE idempotency_key = ?")) {
            s.setString(1, t.idempotencyKey());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                boolean same = rs.getString(1).equals(t.from()) && rs.getString(2).equals(t.to())
                        && rs.getLong(3) == t.amount();
                if (!same) {
                    return error(422, "idempotency key " + t.idempotencyKey()
                            + " was used for a different transfer (from " + rs.getString(1) + " to "
                            + rs.getString(2) + ", amount " + rs.getLong(3) + ")", t);
                }
                return new TransferOutcome(rs.getInt(4), rs.getString(5), true);
            }
        }
    }

    private static Long lockBalance(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT balance FROM accounts WHERE id = ? FOR UPDATE")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static TransferOutcome move(Connection c, Transfer t) throws SQLException {
        // Relative updates on rows this transaction has locked; the CHECK (balance >= 0) is a second guard.
        adjust(c, t.from(), -t.amount());
        adjust(c, t.to(), t.amount());
        Map<String, Object> body = fields(t);
        body.put("status", "applied");
        return new TransferOutcome(200, new String(Json.bytes(body), StandardCharsets.UTF_8), false);
    }

    private static void adjust(Connection c, String id, long delta) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
            s.setLong(1, delta);
            s.setString(2, id);
            if (s.executeUpdate() != 1) {
                throw new SQLException("locked account vanished: " + id);
            }
        }
    }

    private static void record(Connection c, Transfer t, TransferOutcome outcome) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO transfers"
                + " (idempotency_key, from_id, to_id, amount, status_code, response) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, t.idempotencyKey());
            s.setString(2, t.from());
            s.setString(3, t.to());
            s.setLong(4, t.amount());
            s.setInt(5, outcome.status());
            s.setString(6, outcome.body());
            s.executeUpdate();
        } catch (SQLException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                // A concurrent request with this key committed first; undo ours and replay its answer.
                throw new Database.RetryTransaction("concurrent transfer with key " + t.idempotencyKey());
            }
            throw e;
        }
    }

    private static TransferOutcome error(int status, String message, Transfer t) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        body.putAll(fields(t));
        return new TransferOutcome(status, new String(Json.bytes(body), StandardCharsets.UTF_8), false);
    }

    private static Map<String, Object> fields(Transfer t) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idempotencyKey", t.idempotencyKey());
        body.put("from", t.from());
        body.put("to", t.to());
        body.put("amount", t.amount());
        return body;
    }

    private void count(TransferOutcome outcome) {
        if (outcome.replayed()) {
            replayed.mark();
        } else if (outcome.status() == 200) {
            applied.mark();
        } else if (outcome.status() == 409) {
            insufficient.mark();
        }
    }
}
