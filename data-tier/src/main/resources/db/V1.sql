-- key-value entries, accounts and idempotent transfers
-- Types are the ones H2 2.x and PostgreSQL share: BYTEA (H2's alias of VARBINARY), VARCHAR, BIGINT.
CREATE TABLE IF NOT EXISTS kv_entries (
    entry_key   VARCHAR(512) PRIMARY KEY,
    entry_value BYTEA NOT NULL,
    version     BIGINT NOT NULL CHECK (version > 0),
    updated_at  TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    id         VARCHAR(128) PRIMARY KEY,
    balance    BIGINT NOT NULL CHECK (balance >= 0),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);
-- One row per idempotency key, written in the same transaction as the transfer it answers for:
-- the primary key is what makes a retried transfer apply once.
CREATE TABLE IF NOT EXISTS transfers (
    idempotency_key VARCHAR(256) PRIMARY KEY,
    from_id         VARCHAR(128) NOT NULL,
    to_id           VARCHAR(128) NOT NULL,
    amount          BIGINT NOT NULL,
    status_code     INTEGER NOT NULL,
    response        VARCHAR(4096) NOT NULL,
    created_at      TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);
