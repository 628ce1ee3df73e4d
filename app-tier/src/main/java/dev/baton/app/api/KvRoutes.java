package dev.baton.app.api;

import dev.baton.app.data.DataRequest;
import dev.baton.app.data.DataTierClient;
import dev.baton.common.http.Request;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET/PUT/DELETE /kv/{key}}: raw values with versions as ETags, passed to the data tier.
 * {@code If-Match} makes a PUT or DELETE conditional (409 on a version conflict); {@code If-None-Match: *}
 * makes a PUT create-only.
 */
final class KvRoutes {
    private final DataTierClient data;

    KvRoutes(DataTierClient data) {
        this.data = data;
    }

    CompletionStage<FullHttpResponse> get(Request request) {
        return call(DataRequest.get(path(request)), false);
    }

    CompletionStage<FullHttpResponse> put(Request request) {
        Map<String, String> headers = conditions(request);
        headers.put("Content-Type", "application/octet-stream");
        // An unconditional PUT may be repeated safely; a conditional one may not (a lost answer
        // followed by a retry would report a conflict with itself).
        boolean idempotent = headers.size() == 1;
        return call(new DataRequest("PUT", path(request), headers, request.body(), idempotent), false);
    }

    CompletionStage<FullHttpResponse> delete(Request request) {
        return call(new DataRequest("DELETE", path(request), conditions(request), null, false), false);
    }

    private CompletionStage<FullHttpResponse> call(DataRequest call, boolean json) {
        return Upstream.guard(data.send(call).thenApply(answer -> Upstream.relay(answer, json)));
    }

    private static String path(Request request) {
        return "/kv/" + PathSegments.encode(request.param("key"));
    }

    private static Map<String, String> conditions(Request request) {
        Map<String, String> headers = new HashMap<>();
        String ifMatch = request.header(HttpHeaderNames.IF_MATCH);
        if (ifMatch != null) {
            headers.put("If-Match", ifMatch);
        }
        String ifNoneMatch = request.header(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            headers.put("If-None-Match", ifNoneMatch);
        }
        return headers;
    }
}
