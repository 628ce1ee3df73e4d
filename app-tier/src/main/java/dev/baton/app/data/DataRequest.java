package dev.baton.app.data;

import java.util.Map;

/**
 * One call to the data tier.
 *
 * @param method     HTTP method
 * @param path       already percent-encoded path, e.g. {@code /kv/a%20b}
 * @param headers    extra request headers (If-Match, Content-Type, ...)
 * @param body       request body, empty for none
 * @param idempotent whether repeating the call after an unknown outcome is safe (GET, unconditional
 *                   PUT, a transfer with its idempotency key); others are retried only when the
 *                   request never left (connection refused)
 */
public record DataRequest(String method, String path, Map<String, String> headers, byte[] body, boolean idempotent) {
    private static final byte[] NO_BODY = new byte[0];

    public DataRequest {
        headers = Map.copyOf(headers);
        body = body == null ? NO_BODY : body;
    }

    public static DataRequest get(String path) {
        return new DataRequest("GET", path, Map.of(), NO_BODY, true);
    }

    public static DataRequest json(String method, String path, byte[] json, boolean idempotent) {
        return new DataRequest(method, path, Map.of("Content-Type", "application/json"), json, idempotent);
    }
}
