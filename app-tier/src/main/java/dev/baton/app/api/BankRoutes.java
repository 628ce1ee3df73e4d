package dev.baton.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.app.data.DataRequest;
import dev.baton.app.data.DataTierClient;
import dev.baton.common.http.HttpError;
import dev.baton.common.http.Json;
import dev.baton.common.http.Request;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletionStage;

/**
 * Accounts, transfers and the audit total. Input is checked here (400 malformed or missing, 422
 * negative) so bad requests never reach the data tier; the data tier's own verdicts (404, 409, 422)
 * pass through unchanged.
 */
final class BankRoutes {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 200;

    private final DataTierClient data;

    BankRoutes(DataTierClient data) {
        this.data = data;
    }

    CompletionStage<FullHttpResponse> createAccount(Request request) {
        JsonNode body = Json.object(request.body());
        ObjectNode out = Json.MAPPER.createObjectNode();
        JsonNode id = body.get("id");
        if (id != null && !id.isNull()) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw HttpError.badRequest("'id' must be a non-empty string");
            }
            out.put("id", id.asText());
        }
        long balance = requiredLong(body, "balance");
        if (balance < 0) {
            throw unprocessable("'balance' must be >= 0, but was " + balance);
        }
        out.put("balance", balance);
        // Creating is not idempotent: it is retried only when the request never left.
        return call(DataRequest.json("POST", "/accounts", Json.bytes(out), false));
    }

    CompletionStage<FullHttpResponse> getAccount(Request request) {
        return call(DataRequest.get("/accounts/" + PathSegments.encode(request.param("id"))));
    }

    CompletionStage<FullHttpResponse> transfer(Request request) {
        String key = request.header(IDEMPOTENCY_KEY);
        if (key == null || key.isBlank()) {
            throw HttpError.badRequest("the Idempotency-Key header is required");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw HttpError.badRequest("Idempotency-Key is longer than " + MAX_KEY_LENGTH + " characters");
        }
        JsonNode body = Json.object(request.body());
        String from = requiredText(body, "from");
        String to = requiredText(body, "to");
        long amount = requiredLong(body, "amount");
        if (amount <= 0) {
            throw unprocessable("'amount' must be > 0, but was " + amount);
        }
        if (from.equals(to)) {
            throw unprocessable("'from' and 'to' are the same account: " + from);
        }
        ObjectNode out = Json.MAPPER.createObjectNode()
                .put("idempotencyKey", key).put("from", from).put("to", to).put("amount", amount);
        // The idempotency key makes a repeated transfer apply once, so it may be retried.
        return call(DataRequest.json("POST", "/transfers", Json.bytes(out), true));
    }

    CompletionStage<FullHttpResponse> auditTotal(Request request) {
        return call(DataRequest.get("/audit/total"));
    }

    private CompletionStage<FullHttpResponse> call(DataRequest call) {
        return Upstream.guard(data.send(call).thenApply(answer -> Upstream.relay(answer, true)));
    }

    private static long requiredLong(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw HttpError.badRequest("missing field '" + field + "'");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw HttpError.badRequest("'" + field + "' must be a whole number, but was " + node);
        }
        return node.longValue();
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw HttpError.badRequest("missing field '" + field + "'");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw HttpError.badRequest("'" + field + "' must be a non-empty string, but was " + node);
        }
        return node.asText();
    }

    private static HttpError unprocessable(String message) {
        return new HttpError(HttpResponseStatus.UNPROCESSABLE_ENTITY, message);
    }
}
