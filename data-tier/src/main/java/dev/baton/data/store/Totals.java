package dev.baton.data.store;

import java.math.BigInteger;

/** The sum of all balances and the number of accounts, read in one statement (one consistent snapshot). */
public record Totals(BigInteger total, long accounts) {}
