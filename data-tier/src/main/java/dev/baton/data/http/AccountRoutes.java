package dev.baton.data.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.common.http.HttpError;
import dev.baton.common.http.Json;
import dev.baton.common.http.Request;
import dev.baton.common.http.Responses;
import dev.baton.data.store.Account;
import dev.baton.data.store.AccountStore;
import dev.baton.data.store.Totals;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** {@code POST /accounts}, {@code GET /accounts/{id}} and {@code GET /audit/total}. */
final class AccountRoutes {
    static final int MAX_ID_LENGTH = 128;

    private final AccountStore store;

    AccountRoutes(AccountStore store) {
        this.store = store;
    }

    FullHttpResponse create(Request request) {
        JsonNode body = Json.object(request.body());
        String id = JsonFields.optionalText(body, "id", MAX_ID_LENGTH);
        long balance = JsonFields.integer(body, "balance");
        if (balance < 0) {
            throw new HttpError(HttpResponseStatus.UNPROCESSABLE_ENTITY, "balance must be >= 0, but was " + balance);
        }
        Account account = new Account(id != null ? id : UUID.randomUUID().toString(), balance);
        if (!store.create(account)) {
            throw new HttpError(HttpResponseStatus.CONFLICT, "account exists: " + account.id());
        }
        return Responses.json(HttpResponseStatus.CREATED, json(account));
    }

    FullHttpResponse get(Request request) {
        String id = request.param("id");
        Account account = store.get(id).orElseThrow(() -> HttpError.notFound("no such account: " + id));
        return Responses.ok(json(account));
    }

    FullHttpResponse total(Request request) {
        Totals totals = store.totals();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", totals.total());
        body.put("accounts", totals.accounts());
        return Responses.ok(body);
    }

    private static Map<String, Object> json(Account account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", account.id());
        body.put("balance", account.balance());
        return body;
    }
}
