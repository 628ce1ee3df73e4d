package dev.baton.data.store;

/** A value as stored: its bytes, unchanged, and its version (1 on the first write, +1 per write). */
public record StoredValue(byte[] value, long version) {}
