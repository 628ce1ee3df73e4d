package dev.baton.app.blocking;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request that cannot be read; the connection answers {@link #status()} and closes. */
final class HttpParseException extends Exception {
    private final HttpResponseStatus status;

    HttpParseException(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    HttpResponseStatus status() {
        return status;
    }
}
