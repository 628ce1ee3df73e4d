package dev.baton.data.store;

import dev.baton.data.store.internal.InsertIfAbsent;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

/** Accounts and the audit total; money moves between them only through {@link TransferService}. */
public final class AccountStore {
    private final Database db;

    public AccountStore(Database db) {
        this.db = db;
    }

    /** Creates {@code account}; false if an account with its id exists. */
    public boolean create(Account account) {
        return db.transaction(c -> InsertIfAbsent.run(c, "INSERT INTO accounts (id, balance) VALUES (?, ?)", s -> {
            s.setString(1, account.id());
            s.setLong(2, account.balance());
        }));
    }

    public Optional<Account> get(String id) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Account(id, rs.getLong(1))) : Optional.empty();
                }
            }
        });
    }

    /** The sum of all balances and the number of accounts, from one statement so it is one snapshot. */
    public Totals totals() {
        return db.transaction(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(balance), 0), COUNT(*) FROM accounts")) {
                rs.next();
                // SUM(BIGINT) is NUMERIC on both engines: a sum of many longs may exceed a long.
                BigDecimal total = rs.getBigDecimal(1);
                return new Totals(total.toBigIntegerExact(), rs.getLong(2));
            }
        });
    }
}
