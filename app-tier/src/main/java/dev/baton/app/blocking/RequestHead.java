package dev.baton.app.blocking;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

/** A parsed request line and headers. */
record RequestHead(HttpMethod method, String uri, boolean http11, HttpHeaders headers) {
    /** HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 only when asked to keep it. */
    boolean keepAlive() {
        String connection = headers.get("Connection", "");
        return http11 ? !containsToken(connection, "close") : containsToken(connection, "keep-alive");
    }

    private static boolean containsToken(String header, String token) {
        for (String part : header.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
