package dev.baton.data.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.common.http.Json;
import dev.baton.common.http.Request;
import dev.baton.common.http.Responses;
import dev.baton.data.store.Transfer;
import dev.baton.data.store.TransferOutcome;
import dev.baton.data.store.TransferService;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** {@code POST /transfers}: the recorded answer of a key is replayed with {@code Idempotent-Replay: true}. */
final class TransferRoutes {
    static final String REPLAY_HEADER = "Idempotent-Replay";
    static final int MAX_KEY_LENGTH = 256;

    private final TransferService service;

    TransferRoutes(TransferService service) {
        this.service = service;
    }

    FullHttpResponse transfer(Request request) {
        JsonNode body = Json.object(request.body());
        Transfer transfer = new Transfer(
                JsonFields.text(body, "idempotencyKey", MAX_KEY_LENGTH),
                JsonFields.text(body, "from", AccountRoutes.MAX_ID_LENGTH),
                JsonFields.text(body, "to", AccountRoutes.MAX_ID_LENGTH),
                JsonFields.integer(body, "amount"));
        TransferOutcome outcome = service.transfer(transfer);
        FullHttpResponse response = Responses.bytes(HttpResponseStatus.valueOf(outcome.status()),
                outcome.body().getBytes(StandardCharsets.UTF_8), HttpHeaderValues.APPLICATION_JSON.toString());
        if (outcome.replayed()) {
            response.headers().set(REPLAY_HEADER, "true");
        }
        return response;
    }
}
