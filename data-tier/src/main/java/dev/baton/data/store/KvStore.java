package dev.baton.data.store;

import dev.baton.data.store.internal.InsertIfAbsent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * Versioned key-value entries with compare-and-set. Values are bytes, stored and returned unchanged.
 * A key's versions never repeat: a delete leaves a tombstone (the row with a NULL value, which every read
 * and precondition takes as absent) that keeps the last version, and the next write continues from it,
 * so a version read before the delete cannot match again. Tombstones are kept for good, one small row
 * per deleted key; removing one would let its key start again at version 1.
 *
 * <pre>{@code
 * KvStore kv = new KvStore(db);
 * kv.put("a", bytes, Precondition.NONE);       // Written(1)
 * kv.put("a", bytes, Precondition.version(1)); // Written(2)
 * kv.delete("a", Precondition.NONE);           // Written(2)
 * kv.put("a", bytes, Precondition.NONE);       // Written(3)
 * }</pre>
 */
public final class KvStore {
    /** Row conditions for an UPDATE: any row of the key, its live row, or its tombstone. */
    private static final String ANY = "";
    private static final String LIVE = " AND entry_value IS NOT NULL";
    private static final String TOMBSTONE = " AND entry_value IS NULL";

    private final Database db;

    public KvStore(Database db) {
        this.db = db;
    }

    public Optional<StoredValue> get(String key) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT entry_value, version FROM kv_entries WHERE entry_key = ?" + LIVE)) {
                s.setString(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredValue(rs.getBytes(1), rs.getLong(2))) : Optional.empty();
                }
            }
        });
    }

    /** Stores {@code value} under {@code key} if {@code precondition} holds. */
    public WriteResult put(String key, byte[] value, Precondition precondition) {
        Objects.requireNonNull(value, "value (a tombstone is the only row without one)");
        return db.transaction(c -> switch (precondition) {
            case Precondition.None none -> upsert(c, key, value);
            case Precondition.Absent absent -> create(c, key, value);
            case Precondition.Exists exists -> update(c, key, value, LIVE, null)
                    ? new WriteResult.Written(currentVersion(c, key))
                    : new WriteResult.Conflict("key does not exist");
            case Precondition.Version v -> update(c, key, value, LIVE, v.version())
                    ? new WriteResult.Written(v.version() + 1)
                    : conflict(c, key, v.version());
        });
    }

    /** Deletes {@code key} if it exists and {@code precondition} holds, leaving a tombstone at its last version. */
    public WriteResult delete(String key, Precondition precondition) {
        return db.transaction(c -> {
            Long current = lockVersion(c, key);
            if (current == null) {
                return new WriteResult.Missing();
            }
            boolean holds = switch (precondition) {
                case Precondition.None none -> true;
                case Precondition.Exists exists -> true;
                case Precondition.Absent absent -> false;
                case Precondition.Version v -> v.version() == current;
            };
            if (!holds) {
                return precondition instanceof Precondition.Absent
                        ? new WriteResult.Conflict("key exists")
                        : new WriteResult.Conflict("version is " + current + ", not " + ((Precondition.Version) precondition).version());
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE kv_entries SET entry_value = NULL, updated_at = CURRENT_TIMESTAMP WHERE entry_key = ?")) {
                s.setString(1, key);
                s.executeUpdate();
            }
            return new WriteResult.Written(current);
        });
    }

    private static WriteResult upsert(Connection c, String key, byte[] value) throws SQLException {
        if (update(c, key, value, ANY, null)) {
            return new WriteResult.Written(currentVersion(c, key));
        }
        if (insert(c, key, value)) {
            return new WriteResult.Written(1);
        }
        // Another writer created the key between our UPDATE and INSERT: the next attempt updates it.
        throw new Database.RetryTransaction("concurrent create of a key");
    }

    /** Create-only: a tombstone counts as absent and is written over at its version + 1. */
    private static WriteResult create(Connection c, String key, byte[] value) throws SQLException {
        if (update(c, key, value, TOMBSTONE, null)) {
            return new WriteResult.Written(currentVersion(c, key));
        }
        return insert(c, key, value) ? new WriteResult.Written(1) : new WriteResult.Conflict("key exists");
    }

    /**
     * UPDATE with version + 1 where the key's row meets {@code rows} ({@link #ANY}, {@link #LIVE} or
     * {@link #TOMBSTONE}), optionally only at {@code expected}; true if a row changed.
     */
    private static boolean update(Connection c, String key, byte[] value, String rows, Long expected) throws SQLException {
        String sql = "UPDATE kv_entries SET entry_value = ?, version = version + 1, updated_at = CURRENT_TIMESTAMP"
                + " WHERE entry_key = ?" + rows + (expected != null ? " AND version = ?" : "");
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setBytes(1, value);
            s.setString(2, key);
            if (expected != null) {
                s.setLong(3, expected);
            }
            return s.executeUpdate() == 1;
        }
    }

    /** INSERT at version 1; false (with the transaction rolled back) if the key has a row, live or tombstone. */
    private static boolean insert(Connection c, String key, byte[] value) throws SQLException {
        return InsertIfAbsent.run(c, "INSERT INTO kv_entries (entry_key, entry_value, version) VALUES (?, ?, 1)", s -> {
            s.setString(1, key);
            s.setBytes(2, value);
        });
    }

    private static long currentVersion(Connection c, String key) throws SQLException {
        Long version = lockVersion(c, key);
        if (version == null) {
            throw new SQLException("key vanished inside its own transaction: " + key);
        }
        return version;
    }

    /** The version of {@code key}, locking its row for this transaction, or null if absent or deleted. */
    private static Long lockVersion(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT version FROM kv_entries WHERE entry_key = ?" + LIVE + " FOR UPDATE")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static WriteResult conflict(Connection c, String key, long expected) throws SQLException {
        Long current = lockVersion(c, key);
        return new WriteResult.Conflict(current == null
                ? "key does not exist"
                : "version is " + current + ", not " + expected);
    }
}
