package dev.baton.superserver.registry;

/** The answer to a REGISTER: the entry's id, the owner secret that alone may renew or remove it, and its lease. */
public record Registered(String id, String secret, long leaseSeconds) {}
