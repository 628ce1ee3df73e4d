/**
 * The side-by-side benchmark harness behind {@code ./baton bench <suite>}: starts what a suite needs as
 * processes, drives it with wrk (or a Java client for the data tier) in interleaved rounds, and writes a
 * Markdown table, a CSV and an SVG plot under {@code docs/bench/}.
 */
package dev.baton.load.bench;
