package dev.baton.data.store;

/**
 * A value as stored: its bytes, unchanged, and its version (1 on the first write, +1 per write, never
 * repeated for a key, as a delete keeps the key's last version in a tombstone).
 */
public record StoredValue(byte[] value, long version) {}
