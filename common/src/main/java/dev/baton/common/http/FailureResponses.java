package dev.baton.common.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON error a client gets for a request that failed or could not be decoded, the same from every
 * Baton HTTP server. A stack trace goes to the log, never to the client.
 */
public final class FailureResponses {
    private static final Logger log = LoggerFactory.getLogger(FailureResponses.class);

    private FailureResponses() {}

    /** The answer to a failed request: its {@link HttpError}, 400 for a bad argument, else 500 "internal error". */
    public static FullHttpResponse of(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof HttpError http) {
            FullHttpResponse response = Responses.error(http.status(), http.getMessage());
            http.headers().forEach(response.headers()::set);
            return response;
        }
        if (e instanceof IllegalArgumentException) {
            return Responses.error(HttpResponseStatus.BAD_REQUEST, String.valueOf(e.getMessage()));
        }
        log.error("request failed", e);
        return Responses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    /** The answer to a request the codec could not decode: 431, 413 or 400. */
    public static FullHttpResponse ofDecoderFailure(DecoderResult result) {
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpHeaderException) {
            return Responses.error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request head too large");
        }
        if (cause instanceof TooLongHttpLineException) {
            // The request line is part of the head: over 8 KiB of head is 431 whichever part grew.
            return Responses.error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request line too long");
        }
        if (cause instanceof TooLongFrameException) {
            return Responses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request too large");
        }
        return Responses.error(HttpResponseStatus.BAD_REQUEST, "malformed request: " + cause.getMessage());
    }
}
