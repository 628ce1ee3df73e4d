package dev.baton.app.server;

/** Produces a streamed body piece by piece, so a large body is never held in memory. */
@FunctionalInterface
public interface BodySource {
    /** Fills {@code dst[0..length)} with the body bytes starting at {@code position}. */
    void fill(byte[] dst, int length, long position);
}
