package dev.baton.data.store;

/** An account and its balance, in the smallest unit of the currency. */
public record Account(String id, long balance) {}
