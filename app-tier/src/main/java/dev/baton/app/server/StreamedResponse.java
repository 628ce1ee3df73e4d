package dev.baton.app.server;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A response whose body of known length is produced while it is written, gated on the connection's
 * writability (event loop) or on the blocking socket (the other models).
 */
public record StreamedResponse(HttpResponseStatus status, String contentType, long length, BodySource source) {
    public StreamedResponse {
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: >= 0)");
        }
    }
}
