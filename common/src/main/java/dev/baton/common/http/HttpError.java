package dev.baton.common.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Collection;
import java.util.Map;

/** A request that cannot be served, with the status and the message the client gets (never a stack trace). */
public final class HttpError extends RuntimeException {
    private final HttpResponseStatus status;
    private final Map<String, String> headers;

    public HttpError(HttpResponseStatus status, String message) {
        this(status, message, Map.of());
    }

    private HttpError(HttpResponseStatus status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = headers;
    }

    /** 503 with Retry-After, for a client that should come back in {@code retryAfterSeconds}. */
    public static HttpError unavailable(String message, int retryAfterSeconds) {
        return new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE, message,
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** 405, with the Allow header RFC 9110 asks for: the methods the path does take. */
    public static HttpError methodNotAllowed(String message, Collection<String> allowed) {
        return new HttpError(HttpResponseStatus.METHOD_NOT_ALLOWED, message, Map.of("Allow", String.join(", ", allowed)));
    }

    public static HttpError badRequest(String message) {
        return new HttpError(HttpResponseStatus.BAD_REQUEST, message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(HttpResponseStatus.NOT_FOUND, message);
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** Headers the answer must carry besides the JSON error (Allow on a 405). */
    public Map<String, String> headers() {
        return headers;
    }
}
