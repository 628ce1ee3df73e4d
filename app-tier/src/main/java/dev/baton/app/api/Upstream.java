package dev.baton.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.app.data.BadDataTierAnswerException;
import dev.baton.app.data.DataResponse;
import dev.baton.app.data.DataTierUnavailableException;
import dev.baton.common.http.Json;
import dev.baton.common.http.Responses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Turns data-tier answers and failures into the app's responses. */
final class Upstream {
    static final String IDEMPOTENT_REPLAY = "Idempotent-Replay";

    private Upstream() {}

    /**
     * A data-tier answer passed through: status, body, content type, ETag and Idempotent-Replay. With
     * {@code json}, the body must be JSON (an object on success), else the client gets 502.
     */
    static FullHttpResponse relay(DataResponse answer, boolean json) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(answer.status());
        FullHttpResponse response;
        if (answer.body().length == 0 && (json || !answer.ok() || status.equals(HttpResponseStatus.NO_CONTENT))) {
            response = Responses.empty(status);
        } else if (json || !answer.ok()) {
            response = relayJson(answer, status);
        } else {
            response = Responses.bytes(status, answer.body(), answer.contentType()); // an empty value keeps its type
        }
        answer.etag().ifPresent(etag -> response.headers().set(HttpHeaderNames.ETAG, etag));
        if (answer.idempotentReplay()) {
            response.headers().set(IDEMPOTENT_REPLAY, "true");
        }
        return response;
    }

    private static FullHttpResponse relayJson(DataResponse answer, HttpResponseStatus status) {
        JsonNode node = parse(answer.body());
        if (answer.ok()) {
            if (node == null || !node.isObject()) {
                throw new BadDataTierAnswerException("data tier sent a malformed answer (" + answer.status() + ")");
            }
            return Responses.bytes(status, answer.body(), "application/json");
        }
        // A 4xx verdict passes through unchanged when it is JSON; anything else is wrapped so the
        // client still gets the documented error shape.
        return node != null && node.isObject()
                ? Responses.bytes(status, answer.body(), "application/json")
                : Responses.error(status, "data tier answered " + answer.status());
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Maps data-tier failures to 503 + Retry-After or 502; other failures pass on to the server. */
    static CompletionStage<FullHttpResponse> guard(CompletableFuture<FullHttpResponse> call) {
        return call.exceptionally(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof DataTierUnavailableException unavailable) {
                return unavailable(unavailable);
            }
            if (cause instanceof BadDataTierAnswerException bad) {
                return Responses.error(HttpResponseStatus.BAD_GATEWAY, bad.getMessage());
            }
            throw error instanceof CompletionException ce ? ce : new CompletionException(error);
        });
    }

    static FullHttpResponse unavailable(DataTierUnavailableException e) {
        FullHttpResponse response = Responses.json(HttpResponseStatus.SERVICE_UNAVAILABLE,
                Map.of("error", e.getMessage(), "status", 503, "retryAfterSeconds", e.retryAfterSeconds()));
        response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        return response;
    }
}
